// A C++ plugin host (new string ABI) that exports register_plugin(std::string).
#include <dlfcn.h>
#include <iostream>
#include <string>

void register_plugin(const std::string &name) { std::cout << "plugin " << name << std::endl; }

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  return dlopen(argv[1], RTLD_NOW) ? 0 : 1;
}
