/*
 * Validation of an untrusted ELF relocatable object. Every offset, size,
 * index and string is checked here, once, so later stages can index the
 * tables without re-checking bounds. Errors: -ENOEXEC when the buffer is
 * not an x86-64 ET_REL object at all, -EINVAL when it is one but its
 * structure is inconsistent, -EOPNOTSUPP for valid ELF we do not load.
 */
#include "elf.h"
#include "arch.h"
#include "host.h"
#include "payload.h"

#define LP_MAX_SECTIONS 4096
#define LP_MAX_ALIGN 4096

/* a + b <= limit, without overflow */
static bool fits(uint64_t off, uint64_t size, uint64_t limit)
{
	return off <= limit && size <= limit - off;
}

/* A string at `off` inside a table of `len` bytes that ends in NUL. */
static bool str_ok(uint64_t off, uint64_t len)
{
	return off < len;
}

static int check_header(const struct lp_elf *elf)
{
	const struct lp_ehdr *eh = elf->eh;
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (elf->len < sizeof(*eh)) {
		lp_err(elf->payload, "%zu bytes is too small for an ELF header", elf->len);
		return -ENOEXEC;
	}
	if (memcmp(eh->ident, magic, 4)) {
		lp_err(elf->payload, "not an ELF file (bad magic)");
		return -ENOEXEC;
	}
	if (eh->ident[4] != LP_ELFCLASS64 || eh->ident[5] != LP_ELFDATA2LSB ||
	    eh->ident[6] != LP_EV_CURRENT) {
		lp_err(elf->payload, "not a little-endian ELF64 v1 file (class %u data %u version %u)",
		       eh->ident[4], eh->ident[5], eh->ident[6]);
		return -ENOEXEC;
	}
	if (eh->type != LP_ET_REL) {
		lp_err(elf->payload, "ELF type %u is not ET_REL (a relocatable object)", eh->type);
		return -ENOEXEC;
	}
	if (eh->machine != lp_arch_elf_machine) {
		lp_err(elf->payload, "ELF machine %u is not %u", eh->machine, lp_arch_elf_machine);
		return -ENOEXEC;
	}
	if (eh->version != LP_EV_CURRENT || eh->ehsize != sizeof(*eh)) {
		lp_err(elf->payload, "bad ELF header version %u or size %u", eh->version, eh->ehsize);
		return -EINVAL;
	}
	if (eh->shentsize != sizeof(struct lp_shdr)) {
		lp_err(elf->payload, "section header size %u, expected %zu", eh->shentsize,
		       sizeof(struct lp_shdr));
		return -EINVAL;
	}
	if (eh->shnum == 0 || eh->shnum > LP_MAX_SECTIONS) {
		lp_err(elf->payload, "section count %u out of range 1..%u", eh->shnum, LP_MAX_SECTIONS);
		return -EINVAL;
	}
	if (eh->shoff % 8 || !fits(eh->shoff, (uint64_t)eh->shnum * eh->shentsize, elf->len)) {
		lp_err(elf->payload, "section headers at %#llx (x%u) misaligned or past end of %zu bytes",
		       (unsigned long long)eh->shoff, eh->shnum, elf->len);
		return -EINVAL;
	}
	if (eh->shstrndx == 0 || eh->shstrndx >= eh->shnum) {
		lp_err(elf->payload, "section name table index %u out of range", eh->shstrndx);
		return -EINVAL;
	}
	return 0;
}

static int check_sections(struct lp_elf *elf)
{
	const struct lp_shdr *sh = (const void *)(elf->buf + elf->eh->shoff);
	const struct lp_shdr *shstr = &sh[elf->eh->shstrndx];
	const char *names;

	if (shstr->type != LP_SHT_STRTAB || !fits(shstr->offset, shstr->size, elf->len) ||
	    shstr->size == 0 || elf->buf[shstr->offset + shstr->size - 1] != 0) {
		lp_err(elf->payload, "section name table is not a NUL-terminated string table inside the file");
		return -EINVAL;
	}
	names = (const char *)elf->buf + shstr->offset;

	elf->nsecs = elf->eh->shnum;
	elf->secs = lp_host_zalloc(sizeof(*elf->secs) * elf->nsecs);
	if (!elf->secs)
		return -ENOMEM;

	for (uint32_t i = 0; i < elf->nsecs; i++) {
		struct lp_sec *s = &elf->secs[i];

		s->sh = &sh[i];
		if (!str_ok(sh[i].name, shstr->size)) {
			lp_err(elf->payload, "section %u: name offset %u outside the name table", i,
			       sh[i].name);
			return -EINVAL;
		}
		s->name = names + sh[i].name;
		if (i == 0)
			continue;
		/*
		 * Every header is checked whatever its type: layout.c places any
		 * SHF_ALLOC section, so a type must never be a way around a rule.
		 */
		if (sh[i].type != LP_SHT_NOBITS) {
			if (!fits(sh[i].offset, sh[i].size, elf->len)) {
				lp_err(elf->payload, "section %s: [%#llx, +%#llx) is past the end of %zu bytes",
				       s->name, (unsigned long long)sh[i].offset,
				       (unsigned long long)sh[i].size, elf->len);
				return -EINVAL;
			}
			if (sh[i].type != LP_SHT_NULL)
				s->data = elf->buf + sh[i].offset;
		}
		if (sh[i].addralign > LP_MAX_ALIGN ||
		    (sh[i].addralign > 1 && !LP_IS_POW2(sh[i].addralign))) {
			lp_err(elf->payload, "section %s: alignment %llu is not a power of two <= %u",
			       s->name, (unsigned long long)sh[i].addralign, LP_MAX_ALIGN);
			return -EINVAL;
		}
		if (sh[i].type == LP_SHT_NULL && (sh[i].flags & LP_SHF_ALLOC)) {
			lp_err(elf->payload, "section %s: SHT_NULL section has SHF_ALLOC (it has nothing to load)",
			       s->name);
			return -EINVAL;
		}
		if (sh[i].type == LP_SHT_REL) {
			lp_err(elf->payload, "section %s: SHT_REL relocations are not used on this arch (want SHT_RELA)",
			       s->name);
			return -EOPNOTSUPP;
		}
		if (sh[i].type == LP_SHT_SYMTAB_SHNDX) {
			lp_err(elf->payload, "section %s: extended section indices are not supported", s->name);
			return -EOPNOTSUPP;
		}
		if ((sh[i].flags & LP_SHF_WRITE) && (sh[i].flags & LP_SHF_EXECINSTR) &&
		    (sh[i].flags & LP_SHF_ALLOC)) {
			lp_err(elf->payload, "section %s is both writable and executable", s->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_symtab(struct lp_elf *elf)
{
	const struct lp_shdr *symsh = NULL, *strsh;
	uint32_t symidx = 0;

	for (uint32_t i = 1; i < elf->nsecs; i++) {
		if (elf->secs[i].sh->type != LP_SHT_SYMTAB)
			continue;
		if (symsh) {
			lp_err(elf->payload, "more than one symbol table");
			return -EINVAL;
		}
		symsh = elf->secs[i].sh;
		symidx = i;
	}
	if (!symsh) {
		lp_err(elf->payload, "no symbol table");
		return -EINVAL;
	}
	if (symsh->entsize != sizeof(struct lp_esym) || symsh->size % sizeof(struct lp_esym) ||
	    symsh->offset % 8 || symsh->size == 0) {
		lp_err(elf->payload, "symbol table: entry size %llu, size %llu or offset %#llx invalid",
		       (unsigned long long)symsh->entsize, (unsigned long long)symsh->size,
		       (unsigned long long)symsh->offset);
		return -EINVAL;
	}
	if (symsh->link == 0 || symsh->link >= elf->nsecs ||
	    elf->secs[symsh->link].sh->type != LP_SHT_STRTAB) {
		lp_err(elf->payload, "symbol table: link %u is not a string table", symsh->link);
		return -EINVAL;
	}
	strsh = elf->secs[symsh->link].sh;
	if (strsh->size == 0 || elf->buf[strsh->offset + strsh->size - 1] != 0) {
		lp_err(elf->payload, "symbol string table is empty or not NUL-terminated");
		return -EINVAL;
	}
	elf->syms = (const void *)elf->secs[symidx].data;
	elf->nsyms = (uint32_t)(symsh->size / sizeof(struct lp_esym));
	elf->strtab = (const char *)elf->secs[symsh->link].data;
	elf->strtab_len = strsh->size;
	if (symsh->info > elf->nsyms) {
		lp_err(elf->payload, "symbol table: first global %u beyond %u symbols", symsh->info,
		       elf->nsyms);
		return -EINVAL;
	}

	/* Symbol 0 too: relocations may name it and messages print its name. */
	for (uint32_t i = 0; i < elf->nsyms; i++) {
		const struct lp_esym *s = &elf->syms[i];

		if (!str_ok(s->name, elf->strtab_len)) {
			lp_err(elf->payload, "symbol %u: name offset %u outside the string table", i, s->name);
			return -EINVAL;
		}
		if (s->shndx == LP_SHN_COMMON) {
			lp_err(elf->payload, "symbol %s: COMMON symbols are not supported (build with -fno-common)",
			       lp_elf_sym_name(elf, s));
			return -EOPNOTSUPP;
		}
		if (s->shndx == LP_SHN_UNDEF || s->shndx == LP_SHN_ABS)
			continue;
		if (s->shndx >= elf->nsecs) {
			lp_err(elf->payload, "symbol %s: section index %u out of range",
			       lp_elf_sym_name(elf, s), s->shndx);
			return -EINVAL;
		}
		if (LP_ST_TYPE(s->info) != LP_STT_SECTION && LP_ST_TYPE(s->info) != LP_STT_FILE &&
		    !fits(s->value, s->size, elf->secs[s->shndx].sh->size)) {
			lp_err(elf->payload, "symbol %s: [%#llx, +%llu) outside its section %s",
			       lp_elf_sym_name(elf, s), (unsigned long long)s->value,
			       (unsigned long long)s->size, elf->secs[s->shndx].name);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_relas(const struct lp_elf *elf)
{
	for (uint32_t i = 1; i < elf->nsecs; i++) {
		const struct lp_sec *s = &elf->secs[i];
		const struct lp_rela *r;
		uint64_t n;

		if (s->sh->type != LP_SHT_RELA)
			continue;
		if (s->sh->entsize != sizeof(struct lp_rela) || s->sh->size % sizeof(struct lp_rela) ||
		    s->sh->offset % 8) {
			lp_err(elf->payload, "%s: entry size %llu, size %llu or offset misaligned",
			       s->name, (unsigned long long)s->sh->entsize, (unsigned long long)s->sh->size);
			return -EINVAL;
		}
		/* Section 0 is not validated, so its type proves nothing. */
		if (s->sh->link == 0 || s->sh->link >= elf->nsecs ||
		    elf->secs[s->sh->link].sh->type != LP_SHT_SYMTAB) {
			lp_err(elf->payload, "%s: link %u is not the symbol table", s->name, s->sh->link);
			return -EINVAL;
		}
		if (s->sh->info == 0 || s->sh->info >= elf->nsecs) {
			lp_err(elf->payload, "%s: target section %u out of range", s->name, s->sh->info);
			return -EINVAL;
		}
		r = (const void *)s->data;
		n = s->sh->size / sizeof(*r);
		for (uint64_t j = 0; j < n; j++) {
			const struct lp_sec *t = &elf->secs[s->sh->info];

			if (LP_R_SYM(r[j].info) >= elf->nsyms) {
				lp_err(elf->payload, "%s: entry %llu: symbol %u out of range (%u symbols)",
				       s->name, (unsigned long long)j, LP_R_SYM(r[j].info), elf->nsyms);
				return -EINVAL;
			}
			if (r[j].offset >= t->sh->size) {
				lp_err(elf->payload, "%s: entry %llu: offset %#llx outside %s (%llu bytes)",
				       s->name, (unsigned long long)j, (unsigned long long)r[j].offset,
				       t->name, (unsigned long long)t->sh->size);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int lp_elf_parse(struct lp_elf *elf, const char *payload, const void *buf, size_t len)
{
	int rc;

	memset(elf, 0, sizeof(*elf));
	elf->payload = payload;
	elf->buf = buf;
	elf->len = len;
	elf->eh = buf;
	if ((uintptr_t)buf % 8)
		return -EINVAL; /* internal contract: callers copy into aligned memory */

	rc = check_header(elf);
	if (!rc)
		rc = check_sections(elf);
	if (!rc)
		rc = check_symtab(elf);
	if (!rc)
		rc = check_relas(elf);
	if (!rc) {
		elf->sym_run = lp_host_zalloc(sizeof(*elf->sym_run) * elf->nsyms);
		if (!elf->sym_run)
			rc = -ENOMEM;
	}
	if (rc)
		lp_elf_release(elf);
	return rc;
}

void lp_elf_release(struct lp_elf *elf)
{
	lp_host_free(elf->secs);
	lp_host_free(elf->sym_run);
	elf->secs = NULL;
	elf->sym_run = NULL;
}

const struct lp_sec *lp_elf_find(const struct lp_elf *elf, const char *name)
{
	for (uint32_t i = 1; i < elf->nsecs; i++)
		if (!strcmp(elf->secs[i].name, name))
			return &elf->secs[i];
	return NULL;
}

const char *lp_elf_sym_name(const struct lp_elf *elf, const struct lp_esym *s)
{
	if (LP_ST_TYPE(s->info) == LP_STT_SECTION && s->shndx < elf->nsecs &&
	    s->shndx != LP_SHN_UNDEF)
		return elf->secs[s->shndx].name;
	return elf->strtab + s->name;
}

int lp_elf_build_id(const struct lp_elf *elf, const struct lp_sec *sec,
		    const uint8_t **id, uint32_t *len)
{
	const uint8_t *d;
	uint32_t namesz, descsz, type;
	uint64_t need;

	if (!sec)
		return -ENODATA;
	d = sec->data;
	if (!d || sec->sh->size < 12) {
		lp_err(elf->payload, "%s: %llu bytes is too small for a note", sec->name,
		       (unsigned long long)sec->sh->size);
		return -EINVAL;
	}
	memcpy(&namesz, d, 4);
	memcpy(&descsz, d + 4, 4);
	memcpy(&type, d + 8, 4);
	need = 12 + LP_ALIGN_UP((uint64_t)namesz, 4) + (uint64_t)descsz;
	if (need > sec->sh->size) {
		lp_err(elf->payload, "%s: note (name %u, desc %u bytes) overruns the section",
		       sec->name, namesz, descsz);
		return -EINVAL;
	}
	if (namesz != 4 || memcmp(d + 12, "GNU", 4) || type != LP_NT_GNU_BUILD_ID) {
		lp_err(elf->payload, "%s: not a GNU build-id note (type %u)", sec->name, type);
		return -EINVAL;
	}
	if (descsz == 0 || descsz > LP_BUILD_ID_MAX) {
		lp_err(elf->payload, "%s: build-id of %u bytes (1..%u allowed)", sec->name, descsz,
		       LP_BUILD_ID_MAX);
		return -EINVAL;
	}
	*id = d + 16;
	*len = descsz;
	return 0;
}
