/* Needs plain_a and plain_b from libplain.so.1 (no symbol versions). */
int plain_a(void);
int plain_b(void);

int main(void) { return plain_a() + plain_b() == 3 ? 0 : 1; }
