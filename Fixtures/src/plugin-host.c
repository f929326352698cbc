/* A plugin host: defines host_api for its plugins and dlopens the file named
 * on its command line. Built with and without -rdynamic: without it, host_api
 * stays out of .dynsym and plugins cannot bind to it. */
#include <dlfcn.h>
#include <stdio.h>

int host_api(int x) { return x + 1; }

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  void *plugin = dlopen(argv[1], RTLD_NOW);
  if (!plugin) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  return 0;
}
