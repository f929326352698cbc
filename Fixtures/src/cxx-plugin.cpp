// A C++ plugin that registers itself with register_plugin(std::string);
// built with each string ABI (_GLIBCXX_USE_CXX11_ABI=0 and =1).
#include <string>

void register_plugin(const std::string &name);

extern "C" void plugin_init() { register_plugin("demo"); }
