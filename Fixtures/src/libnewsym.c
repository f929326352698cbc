/* A library that needs a newer glibc symbol version than the baseline:
 * arc4random arrived in glibc 2.36, so this needs GLIBC_2.36. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

uint32_t newsym_random(void) { return arc4random(); }
char *newsym_dup(const char *s) { return strdup(s); }
