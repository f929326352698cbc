/* A stand-in for an older glibc's libc.so.6 in a test sysroot: the version
 * nodes of glibc 2.31 on x86_64 (a subset) and a few of their symbols, so a
 * program built on glibc 2.36 needs versions this "target" does not have.
 * Never run; it only has to look like the real thing to a reader. */
int __libc_start_main(void) { return 0; }
int printf(const char *f, ...) { (void)f; return 0; }
int puts(const char *s) { (void)s; return 0; }
char *strdup(const char *s) { (void)s; return 0; }
void abort(void) { for (;;) {} }
void __cxa_finalize(void *d) { (void)d; }
void *memcpy(void *d, const void *s, unsigned long n) { (void)s; (void)n; return d; }
