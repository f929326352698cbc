/* A library linked with -z execstack: PT_GNU_STACK carries PF_X, which
 * glibc 2.41 and later refuse at dlopen time. */
int execstack_answer(void) { return 42; }
