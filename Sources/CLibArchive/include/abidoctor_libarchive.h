#ifndef ABIDOCTOR_LIBARCHIVE_H
#define ABIDOCTOR_LIBARCHIVE_H
// libarchive (Debian libarchive-dev), loaded on first use: linking it would make every run map
// libarchive's own dependencies (libxml2, ICU's data, nettle, ...), which costs each start-up about
// 2 ms that the ELF commands never need. abidoctor_archive() dlopens libarchive.so.13 once and
// returns its functions, or NULL when it is not installed.
#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>

struct abidoctor_libarchive {
  struct archive *(*read_new)(void);
  int (*read_support_filter_all)(struct archive *);
  int (*read_support_format_all)(struct archive *);
  int (*read_open_filename)(struct archive *, const char *, size_t);
  int (*read_open_memory)(struct archive *, const void *, size_t);
  int (*read_free)(struct archive *);
  const char *(*error_string)(struct archive *);
  const char *(*format_name)(struct archive *);
  int (*read_next_header)(struct archive *, struct archive_entry **);
  la_ssize_t (*read_data)(struct archive *, void *, size_t);
  la_int64_t (*filter_bytes)(struct archive *, int);
  const char *(*entry_pathname)(struct archive_entry *);
  __LA_MODE_T (*entry_filetype)(struct archive_entry *);
  const char *(*entry_hardlink)(struct archive_entry *);
  const char *(*entry_symlink)(struct archive_entry *);
  int (*entry_size_is_set)(struct archive_entry *);
  la_int64_t (*entry_size)(struct archive_entry *);
  __LA_MODE_T (*entry_perm)(struct archive_entry *);
  int (*read_support_format_zip_seekable)(struct archive *);
  int (*read_set_options)(struct archive *, const char *);
  int (*read_open)(struct archive *, void *, archive_open_callback *, archive_read_callback *, archive_close_callback *);
};

/// A member of an outer archive read as an archive of its own (an image layer inside a `docker save`
/// tar, a .deb's data.tar): the inner archive pulls the outer member's data through `buffer`, so the
/// layer is streamed, never held whole.
struct abidoctor_nested {
  struct archive *outer;
  void *buffer;
  size_t size;
};

/// Opens `inner` over the current member of `nested->outer` (whose buffer the caller owns and keeps
/// alive, with `nested`, as long as `inner`).
int abidoctor_archive_open_nested(struct archive *inner, struct abidoctor_nested *nested);

/// libarchive's functions, loaded once (thread-safe), or NULL when libarchive.so.13 is missing.
const struct abidoctor_libarchive *abidoctor_archive(void);
#endif
