/*
 * Reading a linked x86-64 ELF image (the hypervisor, or a test image) the
 * way the live-patch core needs it: its symbols in the core's naming
 * ("name" for globals, "file.c#name" for file-locals), its GNU build-id and
 * the bounds of its text and .text.nopatch. Host-side, libelf.
 */
#ifndef TOOLS_ELFIMAGE_H
#define TOOLS_ELFIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "livepatch/symtab.h"

struct elfimage_segment {
	uint64_t vaddr, memsz, filesz, offset;
	unsigned prot;           /* PROT_* of the segment */
};

struct elfimage {
	char *path;
	uint8_t *file;           /* whole file contents */
	size_t file_len;
	struct lp_sym *syms;
	uint32_t nsyms;
	char *names;             /* storage for synthesized "file.c#name" strings */
	struct lp_symtab symtab;
	uint8_t build_id[64];
	uint32_t build_id_len;
	uint64_t text_start, text_end;       /* span of the executable sections */
	uint64_t nopatch_start, nopatch_end; /* __nopatch_start/__nopatch_end, or 0 */
	struct elfimage_segment segs[16];
	unsigned nsegs;
};

/* Returns 0, or a negative errno with a message in err (errlen bytes). */
int elfimage_open(struct elfimage *img, const char *path, char *err, size_t errlen);
void elfimage_close(struct elfimage *img);
/* Address of a symbol by the core's naming; 0 when absent. */
uint64_t elfimage_sym(const struct elfimage *img, const char *name, uint64_t *size);

#endif
