/*
 * libFuzzer over the payload loader. The hosted machine is booted once;
 * every input is an untrusted payload handed to lp_upload() and dropped
 * again with lp_reset(). Whatever the bytes, the loader must return
 * without touching memory it does not own (ASan and UBSan make any slip
 * a crash) and must give back every page it took.
 */
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hosted/hosted.h"
#include "livepatch/livepatch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static size_t pages_free_at_boot;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *image = getenv("HV_TEST_IMAGE");
	int rc = hosted_boot(image ? image : "build/tests/image/hvimg.elf");

	(void)argc;
	(void)argv;
	if (rc) {
		fprintf(stderr, "fuzz_loader: hosted_boot failed (%d); run from the repository root\n", rc);
		exit(1);
	}
	pages_free_at_boot = hosted_region_pages_free();
	return 0;
}

/* A failed upload must leave the registry empty; a reset must free every page. */
static void check_invariants(int rc)
{
	struct lp_list_entry e;
	uint32_t total, version;

	lp_list(0, &e, 1, &total, &version);
	if (total != (rc == 0 ? 1u : 0u)) {
		fprintf(stderr, "fuzz_loader: upload returned %d but %u payload(s) are registered\n",
			rc, total);
		abort();
	}
	lp_reset();
	if (hosted_region_pages_free() != pages_free_at_boot) {
		fprintf(stderr, "fuzz_loader: %zu payload pages leaked (upload rc %d)\n",
			pages_free_at_boot - hosted_region_pages_free(), rc);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Keep the log from filling: it is only read when a test asserts on it. */
	hosted_log_clear();
	check_invariants(lp_upload("fuzz", data, size));
	return 0;
}

/*
 * Structure-aware half of the mutations: byte flips rarely get a whole
 * offset or index to the edge of a check, so set one field of the ELF
 * header, a section header, a symbol or a relocation to a boundary value.
 * The other half are libFuzzer's own byte-level mutations.
 */
struct field {
	uint8_t off, width;
};

static const struct field ehdr_fields[] = {
	{ 16, 2 }, { 18, 2 }, { 20, 4 }, { 40, 8 }, { 52, 2 }, { 58, 2 }, { 60, 2 }, { 62, 2 },
};
static const struct field shdr_fields[] = {
	{ 0, 4 }, { 4, 4 }, { 8, 8 }, { 24, 8 }, { 32, 8 }, { 40, 4 }, { 44, 4 }, { 48, 8 }, { 56, 8 },
};
static const struct field sym_fields[] = { { 0, 4 }, { 4, 1 }, { 6, 2 }, { 8, 8 }, { 16, 8 } };
static const struct field rela_fields[] = { { 0, 8 }, { 8, 4 }, { 12, 4 }, { 16, 8 } };

static uint64_t next_rand(uint64_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 7;
	*r ^= *r << 17;
	return *r;
}

static uint64_t boundary_value(uint64_t *r, size_t size)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 16, 24, 64, 104, 0xff, 0x100, 0xff00, 0xfff1, 0xfff2, 0xffff,
		0x7fffffff, 0x80000000, 0xffffffff, 1ull << 32, 1ull << 31, 1ull << 30, ~0ull, ~0ull - 7,
	};
	uint64_t pick = next_rand(r);

	if (pick % 4 == 0)
		return size - 1 + (pick >> 8) % 3; /* just inside / at / past the end */
	return v[(pick >> 8) % (sizeof(v) / sizeof(v[0]))];
}

/* Offset of a random field inside a random table entry, or SIZE_MAX. */
static size_t pick_field(const uint8_t *data, size_t size, uint64_t *r, unsigned *width)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh;
	const struct field *fl;
	size_t nfl, base, entsize, n;
	unsigned idx;

	memcpy(&eh, data, sizeof(eh));
	if (next_rand(r) % 8 == 0) {
		fl = ehdr_fields, nfl = sizeof(ehdr_fields) / sizeof(*fl), base = 0;
	} else {
		if (!eh.e_shnum || eh.e_shoff > size || (size - eh.e_shoff) / sizeof(sh) < eh.e_shnum)
			return SIZE_MAX;
		idx = (unsigned)(next_rand(r) % eh.e_shnum);
		base = eh.e_shoff + idx * sizeof(sh);
		memcpy(&sh, data + base, sizeof(sh));
		fl = shdr_fields, nfl = sizeof(shdr_fields) / sizeof(*fl);
		if (next_rand(r) % 2 && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_RELA)) {
			entsize = sh.sh_type == SHT_SYMTAB ? sizeof(Elf64_Sym) : sizeof(Elf64_Rela);
			if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
				return SIZE_MAX;
			n = sh.sh_size / entsize;
			if (!n)
				return SIZE_MAX;
			base = sh.sh_offset + (next_rand(r) % n) * entsize;
			fl = sh.sh_type == SHT_SYMTAB ? sym_fields : rela_fields;
			nfl = sh.sh_type == SHT_SYMTAB ? sizeof(sym_fields) / sizeof(*fl)
						       : sizeof(rela_fields) / sizeof(*fl);
		}
	}
	fl += next_rand(r) % nfl;
	*width = fl->width;
	return base + fl->off;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	uint64_t r = seed | 1ull << 40;
	unsigned width = 0;
	size_t at;
	uint64_t v;

	if (size < sizeof(Elf64_Ehdr) || seed % 2)
		return LLVMFuzzerMutate(data, size, max_size);
	at = pick_field(data, size, &r, &width);
	if (at == SIZE_MAX || at + width > size)
		return LLVMFuzzerMutate(data, size, max_size);
	v = boundary_value(&r, size);
	memcpy(data + at, &v, width); /* little-endian: the low bytes */
	return size;
}
