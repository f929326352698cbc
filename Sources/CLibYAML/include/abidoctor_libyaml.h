#ifndef ABIDOCTOR_LIBYAML_H
#define ABIDOCTOR_LIBYAML_H
// libyaml (Debian libyaml-dev for the header; libyaml-0-2 at run time), loaded with dlopen on first
// use: only a run that reads a policy file or an image's JSON documents needs it, so start-up maps
// nothing for it. The parser's events are handed to Swift as plain values (no libyaml type leaves
// this target), with the line and column of each.
#include <stddef.h>

/// One parser event, as AbiScan's YAML reader needs it.
struct abidoctor_yaml_event {
  /// libyaml's yaml_event_type_t: 1 stream start ... 10 mapping end (see yaml.h).
  int type;
  /// A scalar's bytes (not NUL-terminated), or NULL.
  const char *value;
  size_t length;
  /// Whether a scalar was written plain (unquoted).
  int plain;
  /// The node's anchor (`&name`), or an alias's name (`*name`), NUL-terminated, or NULL.
  const char *anchor;
  /// Where the event starts, 0-based.
  size_t line, column;
};

struct abidoctor_yaml;

/// A parser over `size` bytes at `text` (kept alive by the caller until closed), or NULL when
/// libyaml-0.so.2 is not installed.
struct abidoctor_yaml *abidoctor_yaml_open(const unsigned char *text, size_t size);

/// The next event into `out` (valid until the next call): 1, or 0 on a syntax error.
int abidoctor_yaml_next(struct abidoctor_yaml *parser, struct abidoctor_yaml_event *out);

/// After an error: libyaml's problem and context (either may be NULL) and the problem's 0-based line.
const char *abidoctor_yaml_problem(struct abidoctor_yaml *parser, const char **context, size_t *line);

void abidoctor_yaml_close(struct abidoctor_yaml *parser);
#endif
