/*
 * Malformed payloads for the loader tests, made from valid ones: a built
 * payload is read into memory and exactly one thing in it is broken
 * through the <elf.h> view. Lookups are by name so the tests do not
 * depend on the section and symbol order the compiler happens to emit.
 * Header-only: each suite is a single translation unit (mk/tests.mk).
 */
#ifndef TESTS_UNIT_FIXTURE_H
#define TESTS_UNIT_FIXTURE_H

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

struct fx {
	uint8_t *buf;   /* malloc'd, so 8-aligned like the loader's own copy */
	size_t len;
};

static inline struct fx *fx_load(const char *payload)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->buf = hosted_read_file(hosted_payload_path(payload), &f->len);
	assert_non_null(f->buf);
	assert_true(f->len >= sizeof(Elf64_Ehdr));
	return f;
}

static inline void fx_free(struct fx *f)
{
	if (f)
		free(f->buf);
	free(f);
}

static inline Elf64_Ehdr *fx_eh(struct fx *f)
{
	return (Elf64_Ehdr *)f->buf;
}

static inline Elf64_Shdr *fx_shi(struct fx *f, unsigned idx)
{
	assert_true(idx < fx_eh(f)->e_shnum);
	return (Elf64_Shdr *)(f->buf + fx_eh(f)->e_shoff) + idx;
}

static inline const char *fx_secname(struct fx *f, unsigned idx)
{
	const Elf64_Shdr *names = fx_shi(f, fx_eh(f)->e_shstrndx);

	return (const char *)f->buf + names->sh_offset + fx_shi(f, idx)->sh_name;
}

static inline unsigned fx_shndx(struct fx *f, const char *name)
{
	for (unsigned i = 1; i < fx_eh(f)->e_shnum; i++)
		if (!strcmp(fx_secname(f, i), name))
			return i;
	fail_msg("fixture has no section %s", name);
	return 0;
}

static inline Elf64_Shdr *fx_sh(struct fx *f, const char *name)
{
	return fx_shi(f, fx_shndx(f, name));
}

/* File bytes of a section. */
static inline uint8_t *fx_data(struct fx *f, const char *name)
{
	Elf64_Shdr *sh = fx_sh(f, name);

	assert_true(sh->sh_offset + sh->sh_size <= f->len);
	return f->buf + sh->sh_offset;
}

static inline Elf64_Sym *fx_symi(struct fx *f, unsigned idx)
{
	Elf64_Shdr *symtab = fx_sh(f, ".symtab");

	assert_true(idx < symtab->sh_size / sizeof(Elf64_Sym));
	return (Elf64_Sym *)(f->buf + symtab->sh_offset) + idx;
}

static inline unsigned fx_symndx(struct fx *f, const char *name)
{
	Elf64_Shdr *symtab = fx_sh(f, ".symtab");
	const char *strtab = (const char *)f->buf + fx_shi(f, symtab->sh_link)->sh_offset;

	for (unsigned i = 1; i < symtab->sh_size / sizeof(Elf64_Sym); i++)
		if (!strcmp(strtab + fx_symi(f, i)->st_name, name))
			return i;
	fail_msg("fixture has no symbol %s", name);
	return 0;
}

static inline Elf64_Sym *fx_sym(struct fx *f, const char *name)
{
	return fx_symi(f, fx_symndx(f, name));
}

static inline unsigned fx_nsyms(struct fx *f)
{
	return (unsigned)(fx_sh(f, ".symtab")->sh_size / sizeof(Elf64_Sym));
}

/* Entry `i` of RELA section `name`. */
static inline Elf64_Rela *fx_rela(struct fx *f, const char *name, unsigned i)
{
	Elf64_Shdr *sh = fx_sh(f, name);

	assert_true(i < sh->sh_size / sizeof(Elf64_Rela));
	return (Elf64_Rela *)(f->buf + sh->sh_offset) + i;
}

static inline void fx_set_reloc_type(Elf64_Rela *r, uint32_t type)
{
	r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), type);
}

static inline void fx_set_reloc_sym(Elf64_Rela *r, uint32_t sym)
{
	r->r_info = ELF64_R_INFO(sym, ELF64_R_TYPE(r->r_info));
}

/*
 * Append `len` bytes (zeros when `src` is NULL) at an 8-aligned offset past
 * the end of the file and return that offset: room for a section that must
 * grow. Pointers into the fixture are stale afterwards.
 */
static inline uint64_t fx_append(struct fx *f, const void *src, size_t len)
{
	size_t off = (f->len + 7) & ~(size_t)7;

	f->buf = realloc(f->buf, off + len);
	assert_non_null(f->buf);
	memset(f->buf + f->len, 0, off - f->len);
	if (src)
		memcpy(f->buf + off, src, len);
	else
		memset(f->buf + off, 0, len);
	f->len = off + len;
	return off;
}

/* Move section `name` to `len` new bytes at the end of the file, its old bytes first. */
static inline uint8_t *fx_grow(struct fx *f, const char *name, size_t len)
{
	Elf64_Shdr *sh = fx_sh(f, name);
	size_t old = sh->sh_size < len ? sh->sh_size : len;
	uint64_t from = sh->sh_offset, off = fx_append(f, NULL, len);

	memcpy(f->buf + off, f->buf + from, old);
	sh = fx_sh(f, name);
	sh->sh_offset = off;
	sh->sh_size = len;
	return f->buf + off;
}

/* A message with numbers in it, for hosted_log_has(). */
static inline const char *fx_fmt(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline const char *fx_fmt(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

#endif
