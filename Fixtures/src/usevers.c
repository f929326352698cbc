/* Linked against the two-node libvers.so.1: needs vers_new@VERS_2 and vers_old@VERS_2. */
int vers_old(int);
int vers_new(int);

int main(void) { return vers_old(1) + vers_new(2) == 6 ? 0 : 1; }
