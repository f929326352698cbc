// A C++ library whose interface passes std::string: built twice, once with
// each libstdc++ string ABI (_GLIBCXX_USE_CXX11_ABI=1 and =0).
#include <string>

std::string greet(const std::string &name) { return "hello, " + name; }
