#ifndef ABIDOCTOR_CDIRECTORY_H
#define ABIDOCTOR_CDIRECTORY_H

#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

/* getdents64(2) on a folder descriptor the caller keeps: readdir needs a DIR of its own, and
 * fdopendir on a dup of the descriptor cost five system calls a folder (dup, fstat, two fcntl, close)
 * besides the reads. glibc declares getdents64 only under _GNU_SOURCE, which Swift's Glibc module
 * does not set; the system call is the same on glibc and musl. Records are struct linux_dirent64:
 * d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated). */
static inline long abidoctor_getdents64(int fd, void *buffer, size_t length) {
  return syscall(SYS_getdents64, fd, buffer, length);
}

#endif
