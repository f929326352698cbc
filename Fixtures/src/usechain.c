/* Loads libchain.so, which needs libplain.so.1. Built twice: with DT_RPATH
 * (inherited by libchain) and with DT_RUNPATH (not inherited). */
int chain_value(void);

int main(void) { return chain_value() == 11 ? 0 : 1; }
