#include "abidoctor_libarchive.h"
#include <dlfcn.h>
#include <pthread.h>

static struct abidoctor_libarchive abidoctor_libarchive_table;
static int abidoctor_libarchive_loaded;
static pthread_once_t abidoctor_libarchive_once = PTHREAD_ONCE_INIT;

static void abidoctor_libarchive_load(void) {
  void *lib = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return;
  struct abidoctor_libarchive *t = &abidoctor_libarchive_table;
#define ABIDOCTOR_LOAD(field, name) if (!(*(void **)&t->field = dlsym(lib, name))) return;
  ABIDOCTOR_LOAD(read_new, "archive_read_new")
  ABIDOCTOR_LOAD(read_support_filter_all, "archive_read_support_filter_all")
  ABIDOCTOR_LOAD(read_support_format_all, "archive_read_support_format_all")
  ABIDOCTOR_LOAD(read_open_filename, "archive_read_open_filename")
  ABIDOCTOR_LOAD(read_open_memory, "archive_read_open_memory")
  ABIDOCTOR_LOAD(read_free, "archive_read_free")
  ABIDOCTOR_LOAD(error_string, "archive_error_string")
  ABIDOCTOR_LOAD(format_name, "archive_format_name")
  ABIDOCTOR_LOAD(read_next_header, "archive_read_next_header")
  ABIDOCTOR_LOAD(read_data, "archive_read_data")
  ABIDOCTOR_LOAD(filter_bytes, "archive_filter_bytes")
  ABIDOCTOR_LOAD(entry_pathname, "archive_entry_pathname")
  ABIDOCTOR_LOAD(entry_filetype, "archive_entry_filetype")
  ABIDOCTOR_LOAD(entry_hardlink, "archive_entry_hardlink")
  ABIDOCTOR_LOAD(entry_symlink, "archive_entry_symlink")
  ABIDOCTOR_LOAD(entry_size_is_set, "archive_entry_size_is_set")
  ABIDOCTOR_LOAD(entry_size, "archive_entry_size")
  ABIDOCTOR_LOAD(entry_perm, "archive_entry_perm")
  ABIDOCTOR_LOAD(read_support_format_zip_seekable, "archive_read_support_format_zip_seekable")
  ABIDOCTOR_LOAD(read_set_options, "archive_read_set_options")
  ABIDOCTOR_LOAD(read_open, "archive_read_open")
#undef ABIDOCTOR_LOAD
  abidoctor_libarchive_loaded = 1;
}

const struct abidoctor_libarchive *abidoctor_archive(void) {
  pthread_once(&abidoctor_libarchive_once, abidoctor_libarchive_load);
  return abidoctor_libarchive_loaded ? &abidoctor_libarchive_table : NULL;
}

static la_ssize_t abidoctor_nested_read(struct archive *inner, void *client, const void **out) {
  (void)inner;
  struct abidoctor_nested *nested = client;
  la_ssize_t got = abidoctor_libarchive_table.read_data(nested->outer, nested->buffer, nested->size);
  *out = nested->buffer;
  return got;
}

int abidoctor_archive_open_nested(struct archive *inner, struct abidoctor_nested *nested) {
  return abidoctor_libarchive_table.read_open(inner, nested, NULL, abidoctor_nested_read, NULL);
}
