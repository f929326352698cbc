/* A library with no search path of its own that needs libplain.so.1: whether
 * libplain is found depends on the search path it inherits from its loader. */
int plain_a(void);

int chain_value(void) { return plain_a() + 10; }
