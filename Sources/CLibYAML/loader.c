#include "abidoctor_libyaml.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <yaml.h>

static struct {
  int (*parser_initialize)(yaml_parser_t *);
  void (*parser_delete)(yaml_parser_t *);
  void (*parser_set_input_string)(yaml_parser_t *, const unsigned char *, size_t);
  int (*parser_parse)(yaml_parser_t *, yaml_event_t *);
  void (*event_delete)(yaml_event_t *);
} abidoctor_libyaml;
static int abidoctor_libyaml_loaded;
static pthread_once_t abidoctor_libyaml_once = PTHREAD_ONCE_INIT;

static void abidoctor_libyaml_load(void) {
  void *lib = dlopen("libyaml-0.so.2", RTLD_NOW | RTLD_LOCAL);
  if (!lib) return;
#define ABIDOCTOR_LOAD(field, name) if (!(*(void **)&abidoctor_libyaml.field = dlsym(lib, name))) return;
  ABIDOCTOR_LOAD(parser_initialize, "yaml_parser_initialize")
  ABIDOCTOR_LOAD(parser_delete, "yaml_parser_delete")
  ABIDOCTOR_LOAD(parser_set_input_string, "yaml_parser_set_input_string")
  ABIDOCTOR_LOAD(parser_parse, "yaml_parser_parse")
  ABIDOCTOR_LOAD(event_delete, "yaml_event_delete")
#undef ABIDOCTOR_LOAD
  abidoctor_libyaml_loaded = 1;
}

struct abidoctor_yaml {
  yaml_parser_t parser;
  yaml_event_t event;
  int has_event;
};

struct abidoctor_yaml *abidoctor_yaml_open(const unsigned char *text, size_t size) {
  pthread_once(&abidoctor_libyaml_once, abidoctor_libyaml_load);
  if (!abidoctor_libyaml_loaded) return NULL;
  struct abidoctor_yaml *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  if (!abidoctor_libyaml.parser_initialize(&p->parser)) { free(p); return NULL; }
  abidoctor_libyaml.parser_set_input_string(&p->parser, text, size);
  return p;
}

int abidoctor_yaml_next(struct abidoctor_yaml *p, struct abidoctor_yaml_event *out) {
  if (p->has_event) { abidoctor_libyaml.event_delete(&p->event); p->has_event = 0; }
  if (!abidoctor_libyaml.parser_parse(&p->parser, &p->event)) return 0;
  p->has_event = 1;
  yaml_event_t *e = &p->event;
  out->type = (int)e->type;
  out->value = NULL; out->length = 0; out->plain = 0; out->anchor = NULL;
  out->line = e->start_mark.line; out->column = e->start_mark.column;
  switch (e->type) {
  case YAML_SCALAR_EVENT:
    out->value = (const char *)e->data.scalar.value; out->length = e->data.scalar.length;
    out->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    out->anchor = (const char *)e->data.scalar.anchor;
    break;
  case YAML_ALIAS_EVENT: out->anchor = (const char *)e->data.alias.anchor; break;
  case YAML_SEQUENCE_START_EVENT: out->anchor = (const char *)e->data.sequence_start.anchor; break;
  case YAML_MAPPING_START_EVENT: out->anchor = (const char *)e->data.mapping_start.anchor; break;
  default: break;
  }
  return 1;
}

const char *abidoctor_yaml_problem(struct abidoctor_yaml *p, const char **context, size_t *line) {
  *context = p->parser.context;
  *line = p->parser.problem_mark.line;
  return p->parser.problem;
}

void abidoctor_yaml_close(struct abidoctor_yaml *p) {
  if (!p) return;
  if (p->has_event) abidoctor_libyaml.event_delete(&p->event);
  abidoctor_libyaml.parser_delete(&p->parser);
  free(p);
}
