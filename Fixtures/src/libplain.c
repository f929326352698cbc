/* An unversioned library; built with -DREDUCED it lacks plain_b. */
int plain_a(void) { return 1; }
#ifndef REDUCED
int plain_b(void) { return 2; }
#endif
