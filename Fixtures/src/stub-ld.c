/* A stand-in for ld-linux-x86-64.so.2 in a test sysroot. Never run. */
int _dl_stub(void) { return 0; }
