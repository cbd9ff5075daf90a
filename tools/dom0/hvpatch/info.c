/*
 * `hvpatch info FILE`: what a payload file contains, read with libelf and
 * nothing of the hypervisor's: its functions (names resolved through the
 * relocations of .livepatch.funcs, as the loader would), sizes, build-id,
 * dependencies, hooks, writable data and .modinfo. Offline: a quick look
 * before `upload`; the hypervisor's loader remains the judge.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <public/livepatch.h>
#include <public/sysctl.h>

#include "hvpatch.h"

struct pl {
	Elf *elf;
	size_t shstrndx;
	Elf_Scn *symtab;
	size_t strndx;
};

static const char *sec_name(const struct pl *p, Elf_Scn *s)
{
	GElf_Shdr sh;
	const char *n;

	if (!gelf_getshdr(s, &sh))
		return "?";
	n = elf_strptr(p->elf, p->shstrndx, sh.sh_name);
	return n ? n : "?";
}

static Elf_Scn *find_sec(const struct pl *p, const char *name)
{
	for (Elf_Scn *s = elf_nextscn(p->elf, NULL); s; s = elf_nextscn(p->elf, s))
		if (!strcmp(sec_name(p, s), name))
			return s;
	return NULL;
}

static Elf_Data *sec_data(Elf_Scn *s)
{
	return s ? elf_getdata(s, NULL) : NULL;
}

/*
 * A GNU build-id note's descriptor as hex, or "none". Parsed by hand:
 * objcopy --add-section makes the dependency notes SHT_PROGBITS, which
 * libelf does not read as notes.
 */
static void note_hex(const struct pl *p, const char *sec, char *out, size_t len)
{
	Elf_Data *d = sec_data(find_sec(p, sec));
	const unsigned char *b;
	uint32_t hdr[3];
	size_t desc;

	snprintf(out, len, "none");
	if (!d || !d->d_buf || d->d_size < sizeof(hdr))
		return;
	b = d->d_buf;
	memcpy(hdr, b, sizeof(hdr));
	desc = sizeof(hdr) + ((hdr[0] + 3u) & ~3u);
	if (hdr[0] > d->d_size || hdr[1] > d->d_size || desc + hdr[1] > d->d_size) {
		snprintf(out, len, "malformed note");
		return;
	}
	for (size_t i = 0; i < hdr[1] && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, 3, "%02x", b[desc + i]);
}

static bool sym_at(const struct pl *p, size_t idx, GElf_Sym *sym, const char **name)
{
	Elf_Data *d = sec_data(p->symtab);

	if (!d || !gelf_getsym(d, (int)idx, sym))
		return false;
	*name = elf_strptr(p->elf, p->strndx, sym->st_name);
	return true;
}

/* What the relocation at `off` in .livepatch.funcs points to. */
static bool reloc_target(const struct pl *p, Elf_Scn *rela, uint64_t off, GElf_Sym *sym,
			 const char **name, int64_t *addend)
{
	Elf_Data *d = sec_data(rela);
	GElf_Shdr sh;

	if (!d || !gelf_getshdr(rela, &sh) || !sh.sh_entsize)
		return false;
	for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Rela r;

		if (gelf_getrela(d, (int)i, &r) && r.r_offset == off) {
			*addend = r.r_addend;
			return sym_at(p, GELF_R_SYM(r.r_info), sym, name);
		}
	}
	return false;
}

/* The NUL-terminated string a relocated pointer refers to. */
static const char *string_at(const struct pl *p, const GElf_Sym *sym, int64_t addend)
{
	Elf_Scn *s = elf_getscn(p->elf, sym->st_shndx);
	Elf_Data *d = sec_data(s);
	uint64_t off = (GELF_ST_TYPE(sym->st_info) == STT_SECTION ? 0 : sym->st_value) + (uint64_t)addend;

	if (!d || !d->d_buf || off >= d->d_size || !memchr((char *)d->d_buf + off, 0, d->d_size - off))
		return NULL;
	return (const char *)d->d_buf + off;
}

static void print_target(const struct pl *p, Elf_Scn *rela, uint64_t off, uint64_t raw)
{
	const char *name;
	int64_t addend;
	GElf_Sym sym;

	if (reloc_target(p, rela, off, &sym, &name, &addend)) {
		if (GELF_ST_TYPE(sym.st_info) == STT_SECTION)
			printf("%s", sec_name(p, elf_getscn(p->elf, sym.st_shndx)));
		else
			printf("%s", name && *name ? name : "?");
		if (addend)
			printf("%+lld", (long long)addend);
	} else if (raw) {
		printf("%#llx", (unsigned long long)raw);
	} else {
		printf("-");
	}
}

static int print_funcs(const struct pl *p)
{
	Elf_Scn *funcs = find_sec(p, LIVEPATCH_SEC_FUNCS);
	Elf_Scn *rela = find_sec(p, ".rela" LIVEPATCH_SEC_FUNCS);
	Elf_Data *d = sec_data(funcs);
	size_t n;

	if (!funcs) {
		printf("functions:    none (hooks only?)\n");
		return 0;
	}
	if (!d || !d->d_buf || d->d_size % sizeof(struct livepatch_func)) {
		fprintf(stderr, "hvpatch info: %s is %zu bytes, not a multiple of %zu\n",
			LIVEPATCH_SEC_FUNCS, d ? d->d_size : 0, sizeof(struct livepatch_func));
		return HVPATCH_FILE;
	}
	n = d->d_size / sizeof(struct livepatch_func);
	printf("functions:    %zu\n", n);
	for (size_t i = 0; i < n; i++) {
		struct livepatch_func f;
		uint64_t base = i * sizeof(f);
		const char *name = NULL, *sname;
		int64_t addend;
		GElf_Sym sym;

		memcpy(&f, (const char *)d->d_buf + base, sizeof(f));
		if (reloc_target(p, rela, base + offsetof(struct livepatch_func, name), &sym, &sname, &addend))
			name = string_at(p, &sym, addend);
		printf("  [%zu] %s\n", i, name ? name : "(no name: patched by address)");
		printf("       old: ");
		print_target(p, rela, base + offsetof(struct livepatch_func, old_addr),
			     (uint64_t)(uintptr_t)f.old_addr);
		printf(", %u bytes\n       new: ", f.old_size);
		if (!f.new_addr && !reloc_target(p, rela, base + offsetof(struct livepatch_func, new_addr),
						 &sym, &sname, &addend))
			printf("NOP out %u bytes\n", f.new_size);
		else {
			print_target(p, rela, base + offsetof(struct livepatch_func, new_addr),
				     (uint64_t)(uintptr_t)f.new_addr);
			printf(", %u bytes\n", f.new_size);
		}
		printf("       version %u%s\n", f.version,
		       f.expect.enabled ? ", with an expectation of the old bytes" : "");
	}
	return 0;
}

static void print_sections(const struct pl *p)
{
	uint64_t rw = 0;
	bool hooks = false;

	printf("hooks:       ");
	for (Elf_Scn *s = elf_nextscn(p->elf, NULL); s; s = elf_nextscn(p->elf, s)) {
		const char *n = sec_name(p, s);
		GElf_Shdr sh;

		if (!strncmp(n, LIVEPATCH_SEC_HOOKS, 17)) {
			printf(" %s", n + 17);
			hooks = true;
		}
		if (gelf_getshdr(s, &sh) && (sh.sh_flags & SHF_ALLOC) && (sh.sh_flags & SHF_WRITE) &&
		    strcmp(n, LIVEPATCH_SEC_FUNCS) && strncmp(n, ".livepatch.", 11))
			rw += sh.sh_size;
	}
	printf("%s\n", hooks ? "" : " none");
	printf("data/bss:     %llu bytes%s\n", (unsigned long long)rw,
	       rw ? " (not re-appliable after revert: unload and upload again)" : "");
}

static void print_modinfo(const struct pl *p)
{
	Elf_Data *d = sec_data(find_sec(p, LIVEPATCH_SEC_MODINFO));

	printf("metadata:    ");
	if (!d || !d->d_buf || !d->d_size) {
		printf(" none\n");
		return;
	}
	for (size_t off = 0; off < d->d_size;) {
		const char *s = (const char *)d->d_buf + off;
		size_t l = strnlen(s, d->d_size - off);

		if (l)
			printf(" %.*s", (int)l, s);
		off += l + 1;
	}
	putchar('\n');
}

static int describe(const char *file, struct pl *p)
{
	char id[130], dep[130], hvdep[130], name[LIVEPATCH_NAME_SIZE];
	GElf_Ehdr eh;
	GElf_Shdr sh;

	if (elf_kind(p->elf) != ELF_K_ELF || !gelf_getehdr(p->elf, &eh) || eh.e_type != ET_REL ||
	    eh.e_machine != EM_X86_64 || elf_getshdrstrndx(p->elf, &p->shstrndx)) {
		fprintf(stderr, "hvpatch info: %s: not an x86-64 relocatable ELF payload\n", file);
		return HVPATCH_FILE;
	}
	p->symtab = find_sec(p, ".symtab");
	if (p->symtab && gelf_getshdr(p->symtab, &sh))
		p->strndx = sh.sh_link;
	hvpatch_name_from_path(file, name, sizeof(name));
	note_hex(p, LIVEPATCH_SEC_BUILD_ID, id, sizeof(id));
	note_hex(p, LIVEPATCH_SEC_DEPENDS, dep, sizeof(dep));
	note_hex(p, LIVEPATCH_SEC_HV_DEPENDS, hvdep, sizeof(hvdep));
	printf("file:         %s\nname:         %s (as `load` names it)\n", file, name);
	printf("build-id:     %s\ndepends:      %s\nhv depends:   %s\n", id, dep, hvdep);
	print_sections(p);
	print_modinfo(p);
	return print_funcs(p);
}

int hvpatch_info(int argc, char **argv)
{
	struct pl p = { 0 };
	int fd, rc;

	if (argc != 2)
		return hvpatch_usage_error(argv[0], argc < 2 ? "missing FILE" : "too many arguments");
	if (elf_version(EV_CURRENT) == EV_NONE)
		return HVPATCH_FILE;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return HVPATCH_FILE;
	}
	p.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!p.elf) {
		fprintf(stderr, "hvpatch info: %s: %s\n", argv[1], elf_errmsg(-1));
		close(fd);
		return HVPATCH_FILE;
	}
	rc = describe(argv[1], &p);
	elf_end(p.elf);
	close(fd);
	return rc;
}
