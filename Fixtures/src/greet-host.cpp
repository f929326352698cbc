// A C++ program that calls greet(std::string) from libgreet.
#include <iostream>
#include <string>

std::string greet(const std::string &name);

int main() {
  std::cout << greet("world") << std::endl;
  return 0;
}
