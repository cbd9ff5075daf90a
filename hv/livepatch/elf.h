/*
 * ELF64 as the payload loader reads it. Own definitions (from the ELF
 * specification) so the freestanding build needs no system headers.
 */
#ifndef LP_ELF_H
#define LP_ELF_H

#include "compat.h"

struct lp_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct lp_shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

struct lp_esym {
	uint32_t name;
	uint8_t info, other;
	uint16_t shndx;
	uint64_t value, size;
};

struct lp_rela {
	uint64_t offset;
	uint64_t info;
	int64_t addend;
};

#define LP_ET_REL 1
#define LP_EV_CURRENT 1
#define LP_ELFCLASS64 2
#define LP_ELFDATA2LSB 1

#define LP_SHT_NULL 0
#define LP_SHT_PROGBITS 1
#define LP_SHT_SYMTAB 2
#define LP_SHT_STRTAB 3
#define LP_SHT_RELA 4
#define LP_SHT_NOTE 7
#define LP_SHT_NOBITS 8
#define LP_SHT_REL 9
#define LP_SHT_GROUP 17
#define LP_SHT_SYMTAB_SHNDX 18

#define LP_SHF_WRITE 0x1
#define LP_SHF_ALLOC 0x2
#define LP_SHF_EXECINSTR 0x4

#define LP_SHN_UNDEF 0
#define LP_SHN_LORESERVE 0xff00
#define LP_SHN_ABS 0xfff1
#define LP_SHN_COMMON 0xfff2
#define LP_SHN_XINDEX 0xffff

#define LP_STB_LOCAL 0
#define LP_STB_GLOBAL 1
#define LP_STB_WEAK 2
#define LP_STT_NOTYPE 0
#define LP_STT_OBJECT 1
#define LP_STT_FUNC 2
#define LP_STT_SECTION 3
#define LP_STT_FILE 4

#define LP_ST_BIND(i) ((i) >> 4)
#define LP_ST_TYPE(i) ((i) & 0xf)
#define LP_R_SYM(i) ((uint32_t)((i) >> 32))
#define LP_R_TYPE(i) ((uint32_t)(i))

#define LP_NT_GNU_BUILD_ID 3

/* A section as the loader tracks it. */
struct lp_sec {
	const struct lp_shdr *sh;
	const char *name;
	const uint8_t *data;   /* file bytes, NULL for NOBITS */
	uint8_t *write;        /* where it was placed; NULL if not SHF_ALLOC */
	uint64_t run;
};

/* A validated view of an untrusted ELF buffer. */
struct lp_elf {
	const char *payload;   /* for messages */
	const uint8_t *buf;
	size_t len;
	const struct lp_ehdr *eh;
	struct lp_sec *secs;
	uint32_t nsecs;
	const struct lp_esym *syms;
	uint32_t nsyms;
	const char *strtab;
	uint64_t strtab_len;
	uint64_t *sym_run;     /* resolved run address of each symbol */
};

/*
 * Validate every header, section, symbol, string and relocation entry
 * of `buf` (8-byte aligned) and build the view. Nothing is trusted.
 */
int lp_elf_parse(struct lp_elf *elf, const char *payload, const void *buf, size_t len);
void lp_elf_release(struct lp_elf *elf);
const struct lp_sec *lp_elf_find(const struct lp_elf *elf, const char *name);
const char *lp_elf_sym_name(const struct lp_elf *elf, const struct lp_esym *s);

/*
 * Parse a GNU build-id note held in `sec` and return the descriptor.
 * -ENODATA when the section is absent, -EINVAL when malformed.
 */
int lp_elf_build_id(const struct lp_elf *elf, const struct lp_sec *sec,
		    const uint8_t **id, uint32_t *len);

#endif
