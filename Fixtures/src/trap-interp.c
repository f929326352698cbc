/* A fake program interpreter: if anything ever runs a file whose PT_INTERP
 * names it, it leaves a marker file. abidoctor must never run it. */
#include <fcntl.h>
#include <unistd.h>

int main(void) {
  int fd = open("/tmp/abidoctor-trap/marker", O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    write(fd, "interpreter ran\n", 16);
    close(fd);
  }
  return 0;
}
