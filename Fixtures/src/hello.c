/* An ordinary executable: needs libc, prints through stdio. */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("hello from %s (%d args)\n", argv[0], argc);
  return 0;
}
