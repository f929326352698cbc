#ifndef ABIDOCTOR_CLIBELF_SHIM_H
#define ABIDOCTOR_CLIBELF_SHIM_H

/* libelf and gelf come from libelf-dev (elfutils); elf.h from libc6-dev. */
#include <libelf.h>
#include <gelf.h>
#include <elf.h>

/* GELF_ST_* are function-like macros, which Swift cannot import. */
static inline unsigned char clibelf_st_bind(unsigned char info) { return GELF_ST_BIND(info); }
static inline unsigned char clibelf_st_type(unsigned char info) { return GELF_ST_TYPE(info); }
static inline unsigned char clibelf_st_visibility(unsigned char other) { return GELF_ST_VISIBILITY(other); }

#endif
