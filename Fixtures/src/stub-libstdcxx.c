/* A stand-in for GCC 4.9's libstdc++.so.6 in a test sysroot: version nodes up to
 * GLIBCXX_3.4.20 and CXXABI_1.3.8, so C++ built by a newer GCC needs nodes it lacks.
 * Never run; it only has to look like the real thing to a reader. */
int _ZSt4cout;
void _ZNSo3putEc(void) {}
void __cxa_begin_catch(void) {}
