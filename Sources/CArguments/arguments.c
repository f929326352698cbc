// The Swift runtime's look-up of the argument vector, done without reading /proc/self/maps.
//
// Why: the static Swift runtime finds argv for `CommandLine.arguments` with a C++ static
// constructor (ArgvGrabber in the runtime's CommandLine.cpp) that runs before main in every
// process: it opens /proc/self/maps, reads every line with fgets and sscanf to find the stack, and
// walks back from `environ`. That is 109,000 instructions (12% of a one-file `abidoctor inspect`,
// callgrind) and five system calls, on each run a hook or CI step makes.
//
// glibc calls each ELF constructor with (argc, argv, envp), so the vector is known before main
// without any of that. This file defines the one symbol the runtime's Swift code asks for,
// `_swift_stdlib_getUnsafeArgvArgc`; linked before the runtime's static archive, it leaves the
// archive's CommandLine.cpp.o (and its constructor) out of the binary. With a C library that
// passes no arguments to constructors, the vector is read from /proc/self/cmdline on first use.
// scripts/check-binary.sh fails when the static binary still holds the runtime's ArgvGrabber, and
// every CLI test runs the binary with arguments.

#include "abidoctor_arguments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int saved_count;
static char **saved_vector;

__attribute__((constructor)) static void abidoctor_save_arguments(int count, char **vector, char **environment) {
  (void)environment;
  if (count > 0 && vector != NULL) {
    saved_count = count;
    saved_vector = vector;
  }
}

/// The NUL-separated arguments in /proc/self/cmdline, as a NULL-terminated vector (kept for the process).
static void read_command_line(void) {
  FILE *file = fopen("/proc/self/cmdline", "rb");
  if (file == NULL) return;
  size_t capacity = 4096, length = 0;
  char *text = malloc(capacity + 1);
  size_t got;
  while (text != NULL && (got = fread(text + length, 1, capacity - length, file)) > 0) {
    length += got;
    if (length == capacity) {
      capacity *= 2;
      char *grown = realloc(text, capacity + 1);
      if (grown == NULL) { free(text); text = NULL; }
      else text = grown;
    }
  }
  fclose(file);
  if (text == NULL) return;
  text[length] = '\0';
  int count = 0;
  for (size_t i = 0; i < length; i++) if (text[i] == '\0') count++;
  if (length > 0 && text[length - 1] != '\0') count++;
  char **vector = calloc((size_t)count + 1, sizeof(char *));
  if (vector == NULL) { free(text); return; }
  int at = 0;
  for (size_t i = 0; i < length && at < count; i += strlen(text + i) + 1) vector[at++] = text + i;
  saved_count = at;
  saved_vector = vector;
}

// The runtime's Swift code calls this with the Swift calling convention (SWIFT_CC(swift) in the
// runtime's own declaration).
__attribute__((swiftcall)) char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
  static char *empty[] = {NULL};
  if (saved_vector == NULL) read_command_line();
  if (saved_vector == NULL) {
    *outArgLen = 0;
    return empty;
  }
  *outArgLen = saved_count;
  return saved_vector;
}
