#ifndef ABIDOCTOR_CDEMANGLE_H
#define ABIDOCTOR_CDEMANGLE_H

#include <stddef.h>

/* The Itanium C++ ABI demangler of libstdc++ (declared in <cxxabi.h>, which is C++ only). The Swift
 * runtime on Linux already loads libstdc++, so this costs nothing more. Returns a malloc'd string. */
char *__cxa_demangle(const char *mangled_name, char *output_buffer, size_t *length, int *status);

#endif
