/* An empty stand-in library (libm.so.6, libgcc_s.so.1) for test sysroots. */
int abidoctor_stub;
