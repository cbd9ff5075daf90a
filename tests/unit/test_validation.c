/*
 * Every rule the payload loader enforces, each with one crafted payload
 * that breaks it (design brief section 4): the exact errno, a log line that
 * names the reason, and no state change (registry and payload memory as
 * before). The payloads are valid test payloads with one thing broken
 * (fixture.h), so a test fails for the rule it is about and no other.
 */
#include "fixture.h"

#include <public/livepatch.h>
#include <stddef.h>

#define RESIDENT "resident"
#define BAD "bad"

/* A payload that stays loaded, so "nothing changed" is not just "still empty". */
static int setup_with(void **state, const char *payload)
{
	size_t len = 0;
	void *buf = hosted_read_file(hosted_payload_path("p_nop"), &len);
	int rc;

	reset_each(state);
	rc = buf ? lp_upload(RESIDENT, buf, len) : -ENOENT;
	free(buf);
	if (rc)
		return -1;
	*state = fx_load(payload);
	hosted_log_clear();
	return 0;
}

static int setup_p_add(void **state) { return setup_with(state, "p_add"); }
static int setup_p_hooks(void **state) { return setup_with(state, "p_hooks"); }
static int setup_p_hash(void **state) { return setup_with(state, "p_hash"); }
static int setup_p_const3(void **state) { return setup_with(state, "p_const3"); }
static int setup_p_data(void **state) { return setup_with(state, "p_data"); }

static int teardown_fx(void **state)
{
	fx_free(*state);
	*state = NULL;
	return 0;
}

static void registry(uint32_t *total, uint32_t *version)
{
	struct lp_list_entry e[4];

	lp_list(0, e, 4, total, version);
}

/* lp_upload(name, buf, len) fails with `err`, logs `msg` and changes nothing. */
static void upload_refused(const char *name, const void *buf, size_t len, int err, const char *msg)
{
	uint32_t total, version, total_after, version_after;
	size_t pages = hosted_region_pages_free();
	char expect[512];
	int rc;

	snprintf(expect, sizeof(expect), "%s", msg); /* msg may be fx_fmt's buffer */
	registry(&total, &version);
	hosted_log_clear();
	rc = lp_upload(name, buf, len);
	if (rc != err || !hosted_log_has(expect))
		print_error("upload rc %d (want %d), want log \"%s\"; log:\n%s", rc, err, expect,
			    hosted_log());
	assert_int_equal(rc, err);
	assert_true(hosted_log_has(expect));
	registry(&total_after, &version_after);
	assert_int_equal(total_after, total);
	assert_int_equal(version_after, version);
	assert_int_equal(hosted_region_pages_free(), pages);
	assert_int_equal(state_of(RESIDENT), LIVEPATCH_STATE_CHECKED);
}

static void refused(struct fx *f, int err, const char *msg)
{
	upload_refused(BAD, f->buf, f->len, err, msg);
	assert_int_equal(lp_get(BAD, &(struct hv_livepatch_status){ 0 }), -ENOENT);
}

static void refused_file(const char *payload, int err, const char *msg)
{
	struct fx *f = fx_load(payload);

	upload_refused(payload, f->buf, f->len, err, msg);
	assert_int_equal(lp_get(payload, &(struct hv_livepatch_status){ 0 }), -ENOENT);
	fx_free(f);
}

/* The unbroken fixtures load: every refusal below is due to its one change. */
static void pristine_fixtures_upload(void **state)
{
	struct fx *f = *state;
	struct fx *hooks = fx_load("p_hooks");
	struct fx *hash = fx_load("p_hash");
	struct fx *stacked = fx_load("p_const3");
	struct lp_func_info fi;

	assert_int_equal(lp_upload(BAD, f->buf, f->len), 0);
	assert_int_equal(lp_upload("hooks", hooks->buf, hooks->len), 0);
	assert_int_equal(hosted_upload_file("p_const2"), 0); /* what p_const3 links against */
	assert_int_equal(lp_upload("stacked", stacked->buf, stacked->len), 0);
	/* Regression (fuzzer, UBSan): .livepatch.old_hash is byte-aligned as objcopy adds it. */
	assert_int_equal(lp_upload("hash", hash->buf, hash->len), 0);
	assert_int_equal(lp_func_info("hash", 0, &fi), 0);
	assert_true(fi.has_hash);
	fx_free(hooks);
	fx_free(hash);
	fx_free(stacked);
}

/* ---- ELF header (elf.c check_header) ---- */

static void too_small_for_header(void **state)
{
	struct fx *f = *state;

	f->len = sizeof(Elf64_Ehdr) - 1;
	refused(f, -ENOEXEC, "63 bytes is too small for an ELF header");
}

static void bad_magic(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_ident[EI_MAG1] = 'e';
	refused(f, -ENOEXEC, "not an ELF file (bad magic)");
}

static void elf32_class(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_ident[EI_CLASS] = ELFCLASS32;
	refused(f, -ENOEXEC, "not a little-endian ELF64 v1 file (class 1 data 1 version 1)");
}

static void big_endian_data(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_ident[EI_DATA] = ELFDATA2MSB;
	refused(f, -ENOEXEC, "(class 2 data 2 version 1)");
}

static void ident_version(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_ident[EI_VERSION] = EV_NONE;
	refused(f, -ENOEXEC, "(class 2 data 1 version 0)");
}

static void not_et_rel(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_type = ET_EXEC;
	refused(f, -ENOEXEC, "ELF type 2 is not ET_REL");
}

static void wrong_machine(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_machine = EM_386;
	refused(f, -ENOEXEC, "ELF machine 3 is not 62");
}

static void header_version(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_version = 2;
	refused(f, -EINVAL, "bad ELF header version 2 or size 64");
}

static void header_size(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_ehsize = 52;
	refused(f, -EINVAL, "bad ELF header version 1 or size 52");
}

static void section_header_size(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shentsize = 40;
	refused(f, -EINVAL, "section header size 40, expected 64");
}

static void no_sections(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shnum = 0;
	refused(f, -EINVAL, "section count 0 out of range 1..4096");
}

static void too_many_sections(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shnum = 4097;
	refused(f, -EINVAL, "section count 4097 out of range 1..4096");
}

static void section_headers_misaligned(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shoff += 4;
	refused(f, -EINVAL, fx_fmt("section headers at %#llx (x%u) misaligned",
				   (unsigned long long)fx_eh(f)->e_shoff, fx_eh(f)->e_shnum));
}

static void section_headers_past_end(void **state)
{
	struct fx *f = *state;

	/* The table starts inside the file and runs over its end. */
	fx_eh(f)->e_shoff = (f->len - sizeof(Elf64_Shdr)) & ~7ull;
	refused(f, -EINVAL, fx_fmt("past end of %zu bytes", f->len));
}

static void section_headers_offset_wraps(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shoff = ~7ull;
	refused(f, -EINVAL, "misaligned or past end");
}

static void shstrndx_zero(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shstrndx = 0;
	refused(f, -EINVAL, "section name table index 0 out of range");
}

static void shstrndx_out_of_range(void **state)
{
	struct fx *f = *state;

	fx_eh(f)->e_shstrndx = fx_eh(f)->e_shnum;
	refused(f, -EINVAL, fx_fmt("section name table index %u out of range", fx_eh(f)->e_shnum));
}

/* ---- section headers (check_sections) ---- */

static void shstrtab_not_strtab(void **state)
{
	struct fx *f = *state;

	fx_shi(f, fx_eh(f)->e_shstrndx)->sh_type = SHT_PROGBITS;
	refused(f, -EINVAL, "section name table is not a NUL-terminated string table inside the file");
}

static void shstrtab_not_nul_terminated(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_shi(f, fx_eh(f)->e_shstrndx);

	f->buf[sh->sh_offset + sh->sh_size - 1] = 'x';
	refused(f, -EINVAL, "section name table is not a NUL-terminated string table");
}

static void shstrtab_past_end(void **state)
{
	struct fx *f = *state;

	fx_shi(f, fx_eh(f)->e_shstrndx)->sh_size = f->len;
	refused(f, -EINVAL, "section name table is not a NUL-terminated string table inside the file");
}

static void section_name_out_of_range(void **state)
{
	struct fx *f = *state;
	unsigned idx = fx_shndx(f, ".modinfo");
	uint64_t size = fx_shi(f, fx_eh(f)->e_shstrndx)->sh_size;

	fx_shi(f, idx)->sh_name = (uint32_t)size;
	refused(f, -EINVAL, fx_fmt("section %u: name offset %llu outside the name table", idx,
				   (unsigned long long)size));
}

static void section_past_end_of_file(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".modinfo");

	sh->sh_offset = f->len - 4;
	refused(f, -EINVAL, fx_fmt("section .modinfo: [%#llx, +%#llx) is past the end of %zu bytes",
				   (unsigned long long)sh->sh_offset,
				   (unsigned long long)sh->sh_size, f->len));
}

static void section_extent_wraps(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".modinfo");

	sh->sh_offset = 16;
	sh->sh_size = ~0ull - 8;
	refused(f, -EINVAL, "section .modinfo: [0x10, +0xfffffffffffffff7) is past the end");
}

static void alignment_not_power_of_two(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".modinfo")->sh_addralign = 3;
	refused(f, -EINVAL, "section .modinfo: alignment 3 is not a power of two <= 4096");
}

static void alignment_too_large(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".modinfo")->sh_addralign = 8192;
	refused(f, -EINVAL, "section .modinfo: alignment 8192 is not a power of two <= 4096");
}

/*
 * Regression (heap overflow): an SHT_NULL section past index 0 skipped every
 * check but was still placed when it had SHF_ALLOC. This alignment wraps
 * LP_ALIGN_UP(0x68, a) to 0, so .data/.bss came out smaller than
 * .livepatch.funcs, which was then copied past the end of the allocation.
 */
static void null_section_with_wrapping_alignment(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".note.GNU-stack");
	uint64_t funcs_size = fx_sh(f, ".livepatch.funcs")->sh_size;

	sh->sh_type = SHT_NULL;
	sh->sh_flags = SHF_ALLOC | SHF_WRITE;
	sh->sh_addralign = 0 - funcs_size + 1;
	refused(f, -EINVAL, fx_fmt("section .note.GNU-stack: alignment %llu is not a power of two <= 4096",
				   (unsigned long long)sh->sh_addralign));
}

/* SHT_NULL has no contents: allocating one is a malformed header, not an empty section. */
static void null_section_allocated(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".note.GNU-stack");

	sh->sh_type = SHT_NULL;
	sh->sh_flags = SHF_ALLOC;
	refused(f, -EINVAL, "section .note.GNU-stack: SHT_NULL section has SHF_ALLOC");
}

/* Its extent is checked as any other section's. */
static void null_section_past_end_of_file(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".note.GNU-stack");

	sh->sh_type = SHT_NULL;
	sh->sh_offset = f->len;
	sh->sh_size = 16;
	refused(f, -EINVAL, "section .note.GNU-stack: [");
}

static void sht_rel_section(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_type = SHT_REL;
	refused(f, -EOPNOTSUPP, "section .rela.livepatch.funcs: SHT_REL relocations are not used");
}

static void symtab_shndx_section(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".note.GNU-stack")->sh_type = SHT_SYMTAB_SHNDX;
	refused(f, -EOPNOTSUPP, "section .note.GNU-stack: extended section indices are not supported");
}

static void writable_and_executable(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".text.p_add_new")->sh_flags |= SHF_WRITE;
	refused(f, -EINVAL, "section .text.p_add_new is both writable and executable");
}

/* ---- symbol table (check_symtab) ---- */

static void no_symtab(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".symtab")->sh_type = SHT_PROGBITS;
	refused(f, -EINVAL, "no symbol table");
}

static void two_symtabs(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".note.GNU-stack")->sh_type = SHT_SYMTAB;
	refused(f, -EINVAL, "more than one symbol table");
}

static void symtab_entsize(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".symtab")->sh_entsize = 16;
	refused(f, -EINVAL, "symbol table: entry size 16, size");
}

static void symtab_size_not_multiple(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".symtab");

	sh->sh_size -= 1;
	refused(f, -EINVAL, fx_fmt("symbol table: entry size 24, size %llu or offset",
				   (unsigned long long)sh->sh_size));
}

static void symtab_empty(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".symtab")->sh_size = 0;
	refused(f, -EINVAL, "symbol table: entry size 24, size 0 or offset");
}

static void symtab_misaligned(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".symtab");

	sh->sh_offset += 4;
	refused(f, -EINVAL, fx_fmt("or offset %#llx invalid", (unsigned long long)sh->sh_offset));
}

static void symtab_link_not_strtab(void **state)
{
	struct fx *f = *state;
	unsigned idx = fx_shndx(f, ".symtab");

	fx_shi(f, idx)->sh_link = idx;
	refused(f, -EINVAL, fx_fmt("symbol table: link %u is not a string table", idx));
}

static void symtab_link_out_of_range(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".symtab")->sh_link = 0xffff;
	refused(f, -EINVAL, "symbol table: link 65535 is not a string table");
}

static void strtab_not_nul_terminated(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, ".strtab");

	f->buf[sh->sh_offset + sh->sh_size - 1] = 'x';
	refused(f, -EINVAL, "symbol string table is empty or not NUL-terminated");
}

static void strtab_empty(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".strtab")->sh_size = 0;
	refused(f, -EINVAL, "symbol string table is empty or not NUL-terminated");
}

static void first_global_beyond_symbols(void **state)
{
	struct fx *f = *state;
	unsigned n = fx_nsyms(f);

	fx_sh(f, ".symtab")->sh_info = n + 1;
	refused(f, -EINVAL, fx_fmt("symbol table: first global %u beyond %u symbols", n + 1, n));
}

static void symbol_name_out_of_range(void **state)
{
	struct fx *f = *state;
	unsigned idx = fx_symndx(f, "p_add_new");
	uint64_t size = fx_sh(f, ".strtab")->sh_size;

	fx_symi(f, idx)->st_name = (uint32_t)size;
	refused(f, -EINVAL, fx_fmt("symbol %u: name offset %llu outside the string table", idx,
				   (unsigned long long)size));
}

/*
 * Regression: symbol 0 was never validated, yet relocations may name it
 * and the loader prints its name: a wild string pointer in an error path.
 */
static void null_symbol_name_out_of_range(void **state)
{
	struct fx *f = *state;
	Elf64_Rela *r = fx_rela(f, ".rela.livepatch.funcs", 0);

	fx_symi(f, 0)->st_name = 0x7ffffff0;
	fx_set_reloc_sym(r, 0);
	fx_set_reloc_type(r, R_X86_64_GOTPCREL);
	refused(f, -EINVAL, "symbol 0: name offset 2147483632 outside the string table");
}

static void common_symbol(void **state)
{
	struct fx *f = *state;

	fx_sym(f, "p_add_new")->st_shndx = SHN_COMMON;
	refused(f, -EOPNOTSUPP, "symbol p_add_new: COMMON symbols are not supported (build with -fno-common)");
}

static void symbol_section_out_of_range(void **state)
{
	struct fx *f = *state;
	unsigned n = fx_eh(f)->e_shnum;

	fx_sym(f, "p_add_new")->st_shndx = (uint16_t)n;
	refused(f, -EINVAL, fx_fmt("symbol p_add_new: section index %u out of range", n));
}

static void symbol_outside_its_section(void **state)
{
	struct fx *f = *state;
	Elf64_Sym *s = fx_sym(f, "p_add_new");

	s->st_size = fx_sh(f, ".text.p_add_new")->sh_size + 1;
	refused(f, -EINVAL, fx_fmt("symbol p_add_new: [0, +%llu) outside its section .text.p_add_new",
				   (unsigned long long)s->st_size));
}

static void symbol_extent_wraps(void **state)
{
	struct fx *f = *state;
	Elf64_Sym *s = fx_sym(f, "p_add_new");

	s->st_value = ~0ull;
	s->st_size = 2;
	refused(f, -EINVAL, "symbol p_add_new: [0xffffffffffffffff, +2) outside its section");
}

/* ---- relocation sections (check_relas) ---- */

static void rela_entsize(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_entsize = 16;
	refused(f, -EINVAL, ".rela.livepatch.funcs: entry size 16, size 48 or offset misaligned");
}

static void rela_size_not_multiple(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_size = 47;
	refused(f, -EINVAL, ".rela.livepatch.funcs: entry size 24, size 47 or offset misaligned");
}

static void rela_misaligned(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_offset += 4;
	refused(f, -EINVAL, ".rela.livepatch.funcs: entry size 24, size 48 or offset misaligned");
}

static void rela_link_not_symtab(void **state)
{
	struct fx *f = *state;
	unsigned str = fx_shndx(f, ".strtab");

	fx_sh(f, ".rela.livepatch.funcs")->sh_link = str;
	refused(f, -EINVAL, fx_fmt(".rela.livepatch.funcs: link %u is not the symbol table", str));
}

static void rela_link_out_of_range(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_link = 0xffff;
	refused(f, -EINVAL, ".rela.livepatch.funcs: link 65535 is not the symbol table");
}

/* Regression: link 0 passed when the null section header claimed SHT_SYMTAB. */
static void rela_link_to_null_section(void **state)
{
	struct fx *f = *state;

	fx_shi(f, 0)->sh_type = SHT_SYMTAB;
	fx_sh(f, ".rela.livepatch.funcs")->sh_link = 0;
	refused(f, -EINVAL, ".rela.livepatch.funcs: link 0 is not the symbol table");
}

static void rela_target_zero(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".rela.livepatch.funcs")->sh_info = 0;
	refused(f, -EINVAL, ".rela.livepatch.funcs: target section 0 out of range");
}

static void rela_target_out_of_range(void **state)
{
	struct fx *f = *state;
	unsigned n = fx_eh(f)->e_shnum;

	fx_sh(f, ".rela.livepatch.funcs")->sh_info = n;
	refused(f, -EINVAL, fx_fmt(".rela.livepatch.funcs: target section %u out of range", n));
}

static void rela_symbol_out_of_range(void **state)
{
	struct fx *f = *state;
	unsigned n = fx_nsyms(f);

	fx_set_reloc_sym(fx_rela(f, ".rela.livepatch.funcs", 0), n);
	refused(f, -EINVAL, fx_fmt(".rela.livepatch.funcs: entry 0: symbol %u out of range (%u symbols)",
				   n, n));
}

static void rela_offset_out_of_range(void **state)
{
	struct fx *f = *state;

	fx_rela(f, ".rela.livepatch.funcs", 1)->r_offset = sizeof(struct livepatch_func);
	refused(f, -EINVAL, ".rela.livepatch.funcs: entry 1: offset 0x68 outside .livepatch.funcs (104 bytes)");
}

/* ---- placement (layout.c) ---- */

static void no_allocatable_section(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 1; i < fx_eh(f)->e_shnum; i++)
		fx_shi(f, i)->sh_flags &= ~(uint64_t)SHF_ALLOC;
	refused(f, -ENODATA, "bad: no allocatable section");
}

static void section_too_large(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".bss")->sh_size = 1ull << 31;
	refused(f, -E2BIG, "section .bss: 2147483648 bytes is too large");
}

static void no_payload_memory(void **state)
{
	struct fx *f = *state;

	/* Larger than the hosted payload region, smaller than the size limit. */
	fx_sh(f, ".bss")->sh_size = 512ull << 20;
	refused(f, -ENOSPC, "cannot allocate");
}

/* ---- symbol resolution (resolve.c) ---- */

static void unresolved_symbol(void **state)
{
	refused_file("p_unresolved", -ENOENT, "p_unresolved: unresolved symbol no_such_function_anywhere");
}

static void undefined_symbol_without_name(void **state)
{
	struct fx *f = *state;
	unsigned idx = fx_symndx(f, "p_add_new");

	fx_symi(f, idx)->st_shndx = SHN_UNDEF;
	fx_symi(f, idx)->st_name = 0;
	refused(f, -EINVAL, fx_fmt("symbol %u is undefined and has no name", idx));
}

static void ambiguous_hypervisor_symbol(void **state)
{
	refused_file("p_ambiguous", -ENOTUNIQ,
		     "symbol dup.c#dup_local is ambiguous in the hypervisor (name it as file.c#name)");
}

static void exports_a_name_twice(void **state)
{
	struct fx *f = *state;

	fx_sym(f, "p_add_func")->st_name = fx_sym(f, "p_add_new")->st_name;
	refused(f, -EEXIST, "bad: exports p_add_new twice");
}

/* ---- relocation (relocate.c, arch) ---- */

static void unsupported_relocation_by_name(void **state)
{
	struct fx *f = *state;

	fx_set_reloc_type(fx_rela(f, ".rela.livepatch.funcs", 0), R_X86_64_GOTPCREL);
	refused(f, -EOPNOTSUPP, ".livepatch.funcs+0: unsupported relocation type R_X86_64_GOTPCREL (9) against .rodata.p_add_func_name");
}

static void unsupported_tls_relocation(void **state)
{
	struct fx *f = *state;

	fx_set_reloc_type(fx_rela(f, ".rela.livepatch.funcs", 1), R_X86_64_TPOFF32);
	refused(f, -EOPNOTSUPP, ".livepatch.funcs+0x8: unsupported relocation type R_X86_64_TPOFF32 (23) against p_add_new");
}

static void relocation_overflow(void **state)
{
	struct fx *f = *state;

	/* A payload address never fits 8 bits. */
	fx_set_reloc_type(fx_rela(f, ".rela.livepatch.funcs", 0), R_X86_64_8);
	refused(f, -ERANGE, ".livepatch.funcs+0: relocation R_X86_64_8 against .rodata.p_add_func_name (0x");
	assert_true(hosted_log_has(") overflows"));
}

static void relocation_past_section_end(void **state)
{
	struct fx *f = *state;

	/* 4 bytes left for an 8-byte field. */
	fx_rela(f, ".rela.livepatch.funcs", 1)->r_offset = sizeof(struct livepatch_func) - 4;
	refused(f, -EINVAL, ".livepatch.funcs+0x64: relocation R_X86_64_64 does not fit in the section");
}

static void relocation_into_bss(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".bss")->sh_size = sizeof(struct livepatch_func);
	fx_sh(f, ".rela.livepatch.funcs")->sh_info = fx_shndx(f, ".bss");
	refused(f, -EINVAL, ".rela.livepatch.funcs: relocation into bss-like section .bss");
}

/*
 * Regression: a symbol in a section that is not loaded has no run address;
 * it resolved to its offset in that section, and code relocated against it
 * uploaded fine and pointed at a small absolute address.
 */
static void relocation_against_unloaded_section(void **state)
{
	struct fx *f = *state;
	Elf64_Rela *r = fx_rela(f, ".rela.text.p_data_new", 0);

	fx_symi(f, (unsigned)ELF64_R_SYM(r->r_info))->st_shndx = (uint16_t)fx_shndx(f, ".comment");
	refused(f, -EINVAL, "relocation R_X86_64_PC32 against .comment, which is in section .comment that is not loaded");
}

/* ---- .livepatch.funcs (funcs.c) ---- */

static struct livepatch_func *fx_func(struct fx *f)
{
	return (struct livepatch_func *)fx_data(f, LIVEPATCH_SEC_FUNCS);
}

static void missing_funcs(void **state)
{
	struct fx *f = *state;

	fx_sh(f, LIVEPATCH_SEC_FUNCS)->sh_name = 0; /* unnamed: not found */
	refused(f, -ENODATA, "no .livepatch.funcs and no hooks: nothing to patch");
}

static void funcs_size_not_multiple(void **state)
{
	struct fx *f = *state;

	fx_sym(f, "p_add_func")->st_size = 0; /* keep the symbol inside the shrunk section */
	fx_sh(f, LIVEPATCH_SEC_FUNCS)->sh_size = 100;
	refused(f, -EINVAL, ".livepatch.funcs: 100 bytes is not an allocated array of 104-byte entries");
}

static void funcs_not_allocated(void **state)
{
	struct fx *f = *state;

	fx_sh(f, LIVEPATCH_SEC_FUNCS)->sh_flags &= ~(uint64_t)SHF_ALLOC;
	refused(f, -EINVAL, ".livepatch.funcs: 104 bytes is not an allocated array of 104-byte entries");
}

static void too_many_funcs(void **state)
{
	struct fx *f = *state;

	fx_grow(f, LIVEPATCH_SEC_FUNCS, 4097 * sizeof(struct livepatch_func));
	refused(f, -E2BIG, "bad: 4097 functions, at most 4096");
}

static void function_patched_twice(void **state)
{
	struct fx *f = *state;
	const size_t one = sizeof(struct livepatch_func);
	Elf64_Rela *r;
	uint8_t *funcs = fx_grow(f, LIVEPATCH_SEC_FUNCS, 2 * one);

	memcpy(funcs + one, funcs, one);
	/* The second entry's name and new_addr relocations mirror the first's. */
	r = (Elf64_Rela *)fx_grow(f, ".rela.livepatch.funcs", 4 * sizeof(Elf64_Rela));
	r[2] = r[0];
	r[3] = r[1];
	r[2].r_offset += one;
	r[3].r_offset += one;
	refused(f, -EEXIST, "bad: lp_target_add is patched twice by this payload");
}

static void func_version(void **state)
{
	struct fx *f = *state;

	fx_func(f)->version = 1;
	refused(f, -EINVAL, "function 0: version 1, expected 2");
}

static void func_name_outside_payload(void **state)
{
	struct fx *f = *state;

	fx_rela(f, ".rela.livepatch.funcs", 0)->r_addend = 1 << 30;
	refused(f, -EINVAL, "function 0: name pointer");
	assert_true(hosted_log_has("is not a string inside the payload"));
}

static void func_name_empty(void **state)
{
	struct fx *f = *state;

	fx_data(f, ".rodata.p_add_func_name")[0] = 0;
	refused(f, -EINVAL, "is not a string inside the payload");
}

static void new_code_outside_payload_text(void **state)
{
	struct fx *f = *state;

	/* Point new_addr at the payload's rodata. */
	fx_set_reloc_sym(fx_rela(f, ".rela.livepatch.funcs", 1), fx_symndx(f, "p_add_func_name"));
	refused(f, -EINVAL, "lp_target_add: new code at 0x");
	assert_true(hosted_log_has("is not inside the payload's text"));
}

static void old_code_not_patchable(void **state)
{
	struct fx *f = *state;

	fx_func(f)->old_addr = (void *)0x1000;
	fx_func(f)->old_size = 16;
	refused(f, -EFAULT, "lp_target_add: old code 0x1000 (+16) is not in patchable text");
}

static void old_function_too_small(void **state)
{
	refused_file("p_tiny", -EMSGSIZE, "lp_tiny: old_size 3 cannot hold a 5-byte jump");
}

static void denylisted_target(void **state)
{
	refused_file("p_nopatch", -EPERM, "lp_core_function: is part of the live-patch core, rendezvous or entry path (.text.nopatch) and may not be patched");
}

static void nop_of_zero_bytes(void **state)
{
	struct fx *f = *state;

	fx_set_reloc_type(fx_rela(f, ".rela.livepatch.funcs", 1), R_X86_64_NONE); /* new_addr NULL */
	refused(f, -EINVAL, "lp_target_add: NOP of 0 bytes");
}

static void expectation_reserved_bits(void **state)
{
	struct fx *f = *state;

	fx_func(f)->expect.rsv = 1;
	refused(f, -EINVAL, "lp_target_add: reserved expectation bits set");
}

static void expectation_without_length(void **state)
{
	struct fx *f = *state;

	fx_func(f)->expect.enabled = 1;
	refused(f, -EINVAL, "lp_target_add: expectation length 0 not in 1..old_size");
}

static void old_hash_size(void **state)
{
	struct fx *f = *state;

	fx_sh(f, LIVEPATCH_SEC_OLD_HASH)->sh_size = 8;
	refused(f, -EINVAL, ".livepatch.old_hash: 8 bytes, expected 1 entries of 16");
}

static void old_hash_flags(void **state)
{
	struct fx *f = *state;
	struct livepatch_old_hash h;
	uint8_t *d = fx_data(f, LIVEPATCH_SEC_OLD_HASH);

	memcpy(&h, d, sizeof(h));
	h.flags |= 2;
	memcpy(d, &h, sizeof(h));
	refused(f, -EINVAL, "lp_asm_target: unknown old_hash flags 0x3");
}

static void old_hash_longer_than_function(void **state)
{
	struct fx *f = *state;
	struct livepatch_old_hash h;
	uint8_t *d = fx_data(f, LIVEPATCH_SEC_OLD_HASH);

	memcpy(&h, d, sizeof(h));
	h.len = 0x10000;
	memcpy(d, &h, sizeof(h));
	refused(f, -EINVAL, "lp_asm_target: old_hash covers 65536 bytes, more than old_size");
}

/* ---- build-ids (buildid.c, elf.c lp_elf_build_id) ---- */

static void no_payload_build_id(void **state)
{
	refused_file("p_no_buildid", -ENODATA, "no .note.gnu.build-id note: a payload must carry its own build-id");
}

static void no_hypervisor_build_id(void **state)
{
	refused_file("p_no_hvdep", -ENODATA, "no .livepatch.xen_depends section: the hypervisor build-id it was built for is mandatory");
}

static void wrong_hypervisor_build_id(void **state)
{
	refused_file("p_wrong_hv", -EILSEQ, "p_wrong_hv: built for hypervisor build-id");
	/* The closing line names the errno, not just its number. */
	assert_true(hosted_log_has("p_wrong_hv: upload failed: -84 (EILSEQ); nothing loaded"));
}

static void note_u32(struct fx *f, const char *sec, unsigned word, uint32_t v)
{
	memcpy(fx_data(f, sec) + 4 * word, &v, 4);
}

static void build_id_note_too_small(void **state)
{
	struct fx *f = *state;

	fx_sh(f, LIVEPATCH_SEC_BUILD_ID)->sh_size = 8;
	refused(f, -EINVAL, ".note.gnu.build-id: 8 bytes is too small for a note");
}

static void build_id_note_overruns(void **state)
{
	struct fx *f = *state;

	note_u32(f, LIVEPATCH_SEC_BUILD_ID, 1, 200);
	refused(f, -EINVAL, ".note.gnu.build-id: note (name 4, desc 200 bytes) overruns the section");
}

static void build_id_note_name_overflow(void **state)
{
	struct fx *f = *state;

	/* namesz rounded up must not wrap the size computation. */
	note_u32(f, LIVEPATCH_SEC_BUILD_ID, 0, 0xfffffffd);
	refused(f, -EINVAL, ".note.gnu.build-id: note (name 4294967293, desc 20 bytes) overruns");
}

static void build_id_note_not_gnu(void **state)
{
	struct fx *f = *state;

	note_u32(f, LIVEPATCH_SEC_BUILD_ID, 2, 1);
	refused(f, -EINVAL, ".note.gnu.build-id: not a GNU build-id note (type 1)");
}

static void build_id_empty(void **state)
{
	struct fx *f = *state;

	note_u32(f, LIVEPATCH_SEC_BUILD_ID, 1, 0);
	refused(f, -EINVAL, ".note.gnu.build-id: build-id of 0 bytes (1..64 allowed)");
}

static void hv_build_id_note_bad(void **state)
{
	struct fx *f = *state;

	note_u32(f, LIVEPATCH_SEC_HV_DEPENDS, 2, 1);
	refused(f, -EINVAL, ".livepatch.xen_depends: not a GNU build-id note (type 1)");
}

static void depends_note_bad(void **state)
{
	struct fx *f = *state;

	note_u32(f, LIVEPATCH_SEC_DEPENDS, 2, 1);
	refused(f, -EINVAL, ".livepatch.depends: not a GNU build-id note (type 1)");
}

/* ---- .modinfo (metadata.c) ---- */

static void modinfo_not_nul_terminated(void **state)
{
	struct fx *f = *state;
	Elf64_Shdr *sh = fx_sh(f, LIVEPATCH_SEC_MODINFO);

	f->buf[sh->sh_offset + sh->sh_size - 1] = 'x';
	refused(f, -EINVAL, ".modinfo: last string is not NUL-terminated");
}

static void modinfo_without_bytes(void **state)
{
	struct fx *f = *state;

	fx_sh(f, LIVEPATCH_SEC_MODINFO)->sh_type = SHT_NOBITS;
	refused(f, -EINVAL, ".modinfo: must hold 1..65536 bytes of strings");
}

static void modinfo_too_large(void **state)
{
	struct fx *f = *state;
	const size_t len = 64 * 1024 + 1;
	char *d = (char *)fx_grow(f, LIVEPATCH_SEC_MODINFO, len);

	memset(d, 'a', len - 1);
	d[1] = '=';
	d[len - 1] = 0;
	refused(f, -EINVAL, ".modinfo: must hold 1..65536 bytes of strings");
}

/* ---- hooks (hooks.c), from p_hooks ---- */

static void hook_outside_payload_text(void **state)
{
	struct fx *f = *state;

	fx_rela(f, ".rela.livepatch.hooks.postrevert", 0)->r_addend = 1 << 20;
	refused(f, -EINVAL, ".livepatch.hooks.postrevert[0]: 0x");
	assert_true(hosted_log_has("is not in the payload's text"));
}

static void single_hook_holds_two_pointers(void **state)
{
	struct fx *f = *state;
	Elf64_Rela *r;

	fx_grow(f, ".livepatch.hooks.postrevert", 16);
	r = (Elf64_Rela *)fx_grow(f, ".rela.livepatch.hooks.postrevert", 2 * sizeof(Elf64_Rela));
	r[1] = r[0];
	r[1].r_offset += 8;
	refused(f, -EINVAL, ".livepatch.hooks.postrevert: holds 2 pointers, exactly one allowed");
}

static void hook_array_not_allocated(void **state)
{
	struct fx *f = *state;

	fx_sh(f, ".livepatch.hooks.load")->sh_flags &= ~(uint64_t)SHF_ALLOC;
	refused(f, -EINVAL, ".livepatch.hooks.load: 8 bytes is not an allocated array of pointers");
}

/* ---- the upload call itself (payload.c) ---- */

static void duplicate_payload_name(void **state)
{
	struct fx *f = *state;

	upload_refused(RESIDENT, f->buf, f->len, -EEXIST,
		       "resident: a payload of this name is already loaded");
}

static void empty_payload_name(void **state)
{
	struct fx *f = *state;

	upload_refused("", f->buf, f->len, -EINVAL, "livepatch: payload name is empty");
	upload_refused(NULL, f->buf, f->len, -EINVAL, "livepatch: payload name is empty");
}

static void payload_name_too_long(void **state)
{
	struct fx *f = *state;
	char name[LIVEPATCH_NAME_SIZE + 1];

	memset(name, 'n', LIVEPATCH_NAME_SIZE);
	name[LIVEPATCH_NAME_SIZE] = 0;
	upload_refused(name, f->buf, f->len, -ENAMETOOLONG, "payload name longer than 127 bytes");
	/* The longest name that fits is fine. */
	name[LIVEPATCH_NAME_SIZE - 1] = 0;
	assert_int_equal(lp_upload(name, f->buf, f->len), 0);
}

static void payload_name_bad_character(void **state)
{
	struct fx *f = *state;

	upload_refused("p/add", f->buf, f->len, -EINVAL,
		       "payload name has character 0x2f at 1 (allowed: A-Z a-z 0-9 _ - .)");
	upload_refused("p add", f->buf, f->len, -EINVAL, "payload name has character 0x20 at 1");
}

static void zero_length_buffer(void **state)
{
	struct fx *f = *state;

	upload_refused(BAD, f->buf, 0, -EINVAL, "bad: payload size 0 not in 1..67108864 bytes");
	upload_refused(BAD, NULL, f->len, -EINVAL, "not in 1..67108864 bytes");
}

static void oversized_buffer(void **state)
{
	struct fx *f = *state;

	/* Refused on the size alone: the bytes past the fixture are never read. */
	upload_refused(BAD, f->buf, (64u << 20) + 1, -E2BIG, "bad: payload size 67108865 not in 1..67108864 bytes");
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, teardown_fx)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(pristine_fixtures_upload, setup_p_add),
		/* ELF header */
		T(too_small_for_header, setup_p_add),
		T(bad_magic, setup_p_add),
		T(elf32_class, setup_p_add),
		T(big_endian_data, setup_p_add),
		T(ident_version, setup_p_add),
		T(not_et_rel, setup_p_add),
		T(wrong_machine, setup_p_add),
		T(header_version, setup_p_add),
		T(header_size, setup_p_add),
		T(section_header_size, setup_p_add),
		T(no_sections, setup_p_add),
		T(too_many_sections, setup_p_add),
		T(section_headers_misaligned, setup_p_add),
		T(section_headers_past_end, setup_p_add),
		T(section_headers_offset_wraps, setup_p_add),
		T(shstrndx_zero, setup_p_add),
		T(shstrndx_out_of_range, setup_p_add),
		/* sections */
		T(shstrtab_not_strtab, setup_p_add),
		T(shstrtab_not_nul_terminated, setup_p_add),
		T(shstrtab_past_end, setup_p_add),
		T(section_name_out_of_range, setup_p_add),
		T(section_past_end_of_file, setup_p_add),
		T(section_extent_wraps, setup_p_add),
		T(alignment_not_power_of_two, setup_p_add),
		T(alignment_too_large, setup_p_add),
		T(null_section_with_wrapping_alignment, setup_p_add),
		T(null_section_allocated, setup_p_add),
		T(null_section_past_end_of_file, setup_p_add),
		T(sht_rel_section, setup_p_add),
		T(symtab_shndx_section, setup_p_add),
		T(writable_and_executable, setup_p_add),
		/* symbols */
		T(no_symtab, setup_p_add),
		T(two_symtabs, setup_p_add),
		T(symtab_entsize, setup_p_add),
		T(symtab_size_not_multiple, setup_p_add),
		T(symtab_empty, setup_p_add),
		T(symtab_misaligned, setup_p_add),
		T(symtab_link_not_strtab, setup_p_add),
		T(symtab_link_out_of_range, setup_p_add),
		T(strtab_not_nul_terminated, setup_p_add),
		T(strtab_empty, setup_p_add),
		T(first_global_beyond_symbols, setup_p_add),
		T(symbol_name_out_of_range, setup_p_add),
		T(null_symbol_name_out_of_range, setup_p_add),
		T(common_symbol, setup_p_add),
		T(symbol_section_out_of_range, setup_p_add),
		T(symbol_outside_its_section, setup_p_add),
		T(symbol_extent_wraps, setup_p_add),
		/* relocation sections */
		T(rela_entsize, setup_p_add),
		T(rela_size_not_multiple, setup_p_add),
		T(rela_misaligned, setup_p_add),
		T(rela_link_not_symtab, setup_p_add),
		T(rela_link_out_of_range, setup_p_add),
		T(rela_link_to_null_section, setup_p_add),
		T(rela_target_zero, setup_p_add),
		T(rela_target_out_of_range, setup_p_add),
		T(rela_symbol_out_of_range, setup_p_add),
		T(rela_offset_out_of_range, setup_p_add),
		/* placement */
		T(no_allocatable_section, setup_p_add),
		T(section_too_large, setup_p_add),
		T(no_payload_memory, setup_p_add),
		/* resolution */
		T(unresolved_symbol, setup_p_add),
		T(undefined_symbol_without_name, setup_p_add),
		T(ambiguous_hypervisor_symbol, setup_p_add),
		T(exports_a_name_twice, setup_p_add),
		/* relocation */
		T(unsupported_relocation_by_name, setup_p_add),
		T(unsupported_tls_relocation, setup_p_add),
		T(relocation_overflow, setup_p_add),
		T(relocation_past_section_end, setup_p_add),
		T(relocation_into_bss, setup_p_add),
		T(relocation_against_unloaded_section, setup_p_data),
		/* .livepatch.funcs */
		T(missing_funcs, setup_p_add),
		T(funcs_size_not_multiple, setup_p_add),
		T(funcs_not_allocated, setup_p_add),
		T(too_many_funcs, setup_p_add),
		T(function_patched_twice, setup_p_add),
		T(func_version, setup_p_add),
		T(func_name_outside_payload, setup_p_add),
		T(func_name_empty, setup_p_add),
		T(new_code_outside_payload_text, setup_p_add),
		T(old_code_not_patchable, setup_p_add),
		T(old_function_too_small, setup_p_add),
		T(denylisted_target, setup_p_add),
		T(nop_of_zero_bytes, setup_p_add),
		T(expectation_reserved_bits, setup_p_add),
		T(expectation_without_length, setup_p_add),
		T(old_hash_size, setup_p_hash),
		T(old_hash_flags, setup_p_hash),
		T(old_hash_longer_than_function, setup_p_hash),
		/* build-ids */
		T(no_payload_build_id, setup_p_add),
		T(no_hypervisor_build_id, setup_p_add),
		T(wrong_hypervisor_build_id, setup_p_add),
		T(build_id_note_too_small, setup_p_add),
		T(build_id_note_overruns, setup_p_add),
		T(build_id_note_name_overflow, setup_p_add),
		T(build_id_note_not_gnu, setup_p_add),
		T(build_id_empty, setup_p_add),
		T(hv_build_id_note_bad, setup_p_add),
		T(depends_note_bad, setup_p_const3),
		/* .modinfo */
		T(modinfo_not_nul_terminated, setup_p_add),
		T(modinfo_without_bytes, setup_p_add),
		T(modinfo_too_large, setup_p_add),
		/* hooks */
		T(hook_outside_payload_text, setup_p_hooks),
		T(single_hook_holds_two_pointers, setup_p_hooks),
		T(hook_array_not_allocated, setup_p_hooks),
		/* the call */
		T(duplicate_payload_name, setup_p_add),
		T(empty_payload_name, setup_p_add),
		T(payload_name_too_long, setup_p_add),
		T(payload_name_bad_character, setup_p_add),
		T(zero_length_buffer, setup_p_add),
		T(oversized_buffer, setup_p_add),
	};

	return cmocka_run_group_tests_name("validation", tests, setup_image, teardown_image);
}
