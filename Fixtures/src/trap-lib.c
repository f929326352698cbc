/* A library whose constructor leaves a marker file when it is loaded: proof
 * that something loaded or dlopened it. abidoctor must never load it. */
#include <fcntl.h>
#include <unistd.h>

__attribute__((constructor)) static void trap_loaded(void) {
  int fd = open("/tmp/abidoctor-trap/marker", O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    write(fd, "constructor ran\n", 16);
    close(fd);
  }
}

int trap_answer(void) { return 42; }
