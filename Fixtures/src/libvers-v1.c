/* The old build of libvers.so.1: only version node VERS_1 and no vers_new.
 * A program linked against the new build (VERS_2) needs what this lacks. */
int vers_old(int x) { return x + 1; }
