/* A shared library with a version script defining two version nodes.
 * vers_old exists in both nodes: vers_old@VERS_1 (hidden, kept for old
 * callers) and vers_old@@VERS_2 (the default for new links). */
int vers_old_v1(int x) { return x + 1; }
int vers_old_v2(int x) { return x + 2; }
int vers_new(int x) { return x * 2; }

__asm__(".symver vers_old_v1, vers_old@VERS_1");
__asm__(".symver vers_old_v2, vers_old@@VERS_2");
