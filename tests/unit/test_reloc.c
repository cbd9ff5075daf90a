/*
 * x86-64 relocation arithmetic, jump and NOP encoding: pure functions of
 * hv/arch/x86_64, tested without an image. Every supported type at the
 * exact edge of its range and one past it, the room check, and the types
 * a payload must never carry, by name.
 */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "livepatch/arch.h"

#define GUARD 0xa5
#define PLACE 0x40001000ull /* run address of the relocated field */

struct field {
	uint8_t b[16];
};

/* Apply to a guarded buffer; on failure nothing may have been written. */
static int apply(uint32_t type, uint64_t place, uint64_t sym, int64_t addend, size_t room,
		 struct field *out)
{
	int rc;

	memset(out, GUARD, sizeof(*out));
	rc = lp_arch_apply_reloc(type, out->b, place, sym, addend, room);
	if (rc) {
		for (size_t i = 0; i < sizeof(out->b); i++)
			assert_int_equal(out->b[i], GUARD);
	}
	return rc;
}

/* The field holds `v` little-endian in `width` bytes, and nothing past it moved. */
static void assert_stored(const struct field *f, uint64_t v, unsigned width)
{
	for (unsigned i = 0; i < width; i++)
		assert_int_equal(f->b[i], (uint8_t)(v >> (8 * i)));
	for (unsigned i = width; i < sizeof(f->b); i++)
		assert_int_equal(f->b[i], GUARD);
}

/* An absolute type stores sym + addend; `v` fits (or not) as given. */
static void absolute_fits(uint32_t type, unsigned width, uint64_t v)
{
	struct field f;

	/* Split v between symbol and addend: the sum is what counts. */
	assert_int_equal(apply(type, PLACE, v - 0x10, 0x10, sizeof(f.b), &f), 0);
	assert_stored(&f, v, width);
}

static void absolute_overflows(uint32_t type, uint64_t v)
{
	struct field f;

	assert_int_equal(apply(type, PLACE, v + 8, -8, sizeof(f.b), &f), -ERANGE);
}

/* A PC-relative type stores sym + addend - place. */
static void pcrel_fits(uint32_t type, unsigned width, int64_t rel)
{
	struct field f;

	assert_int_equal(apply(type, PLACE, PLACE + (uint64_t)rel + 4, -4, sizeof(f.b), &f), 0);
	assert_stored(&f, (uint64_t)rel, width);
}

static void pcrel_overflows(uint32_t type, int64_t rel)
{
	struct field f;

	assert_int_equal(apply(type, PLACE, PLACE + (uint64_t)rel + 4, -4, sizeof(f.b), &f),
			 -ERANGE);
}

static void r_64(void **state)
{
	absolute_fits(R_X86_64_64, 8, 0x1122334455667788ull);
	absolute_fits(R_X86_64_64, 8, 0);
	absolute_fits(R_X86_64_64, 8, UINT64_MAX);
	absolute_fits(R_X86_64_64, 8, 0xffffffff80000000ull); /* kernel-model address */
}

static void r_32_is_unsigned(void **state)
{
	absolute_fits(R_X86_64_32, 4, 0);
	absolute_fits(R_X86_64_32, 4, 0xffffffffull);
	absolute_overflows(R_X86_64_32, 0x100000000ull);
	absolute_overflows(R_X86_64_32, (uint64_t)-1);
	absolute_overflows(R_X86_64_32, 0xffffffff80000000ull);
}

static void r_32s_is_signed(void **state)
{
	absolute_fits(R_X86_64_32S, 4, 0x7fffffffull);
	absolute_fits(R_X86_64_32S, 4, (uint64_t)INT32_MIN);
	absolute_fits(R_X86_64_32S, 4, 0xffffffff80000000ull);
	absolute_overflows(R_X86_64_32S, 0x80000000ull);
	absolute_overflows(R_X86_64_32S, (uint64_t)INT32_MIN - 1);
}

/* R_X86_64_16 and _8 take either a signed or an unsigned value. */
static void r_16(void **state)
{
	absolute_fits(R_X86_64_16, 2, 0xffff);
	absolute_fits(R_X86_64_16, 2, (uint64_t)-32768);
	absolute_fits(R_X86_64_16, 2, 0x7fff);
	absolute_overflows(R_X86_64_16, 0x10000);
	absolute_overflows(R_X86_64_16, (uint64_t)-32769);
}

static void r_8(void **state)
{
	absolute_fits(R_X86_64_8, 1, 0xff);
	absolute_fits(R_X86_64_8, 1, (uint64_t)-128);
	absolute_overflows(R_X86_64_8, 0x100);
	absolute_overflows(R_X86_64_8, (uint64_t)-129);
}

static void r_pc32_and_plt32(void **state)
{
	static const uint32_t types[] = { R_X86_64_PC32, R_X86_64_PLT32 };

	for (unsigned i = 0; i < 2; i++) {
		pcrel_fits(types[i], 4, 0);
		pcrel_fits(types[i], 4, -4); /* a call to the next instruction's start */
		pcrel_fits(types[i], 4, INT32_MAX);
		pcrel_fits(types[i], 4, INT32_MIN);
		pcrel_overflows(types[i], (int64_t)INT32_MAX + 1);
		pcrel_overflows(types[i], (int64_t)INT32_MIN - 1);
	}
}

static void r_pc32_across_the_address_space_top(void **state)
{
	struct field f;

	/* Kernel-model addresses: the difference is small though both are huge. */
	assert_int_equal(apply(R_X86_64_PC32, 0xffffffff80001000ull, 0xffffffff80000000ull, -4,
			       sizeof(f.b), &f), 0);
	assert_stored(&f, (uint64_t)-0x1004, 4);
}

static void r_pc64(void **state)
{
	pcrel_fits(R_X86_64_PC64, 8, INT64_MAX - 8);
	pcrel_fits(R_X86_64_PC64, 8, INT64_MIN + 8);
	pcrel_fits(R_X86_64_PC64, 8, -1);
}

static void r_pc16(void **state)
{
	pcrel_fits(R_X86_64_PC16, 2, INT16_MAX);
	pcrel_fits(R_X86_64_PC16, 2, INT16_MIN);
	pcrel_overflows(R_X86_64_PC16, INT16_MAX + 1);
	pcrel_overflows(R_X86_64_PC16, INT16_MIN - 1);
	/* PC-relative fields are signed only: 0xffff is not a 16-bit displacement. */
	pcrel_overflows(R_X86_64_PC16, 0xffff);
}

static void r_pc8(void **state)
{
	pcrel_fits(R_X86_64_PC8, 1, INT8_MAX);
	pcrel_fits(R_X86_64_PC8, 1, INT8_MIN);
	pcrel_overflows(R_X86_64_PC8, INT8_MAX + 1);
	pcrel_overflows(R_X86_64_PC8, INT8_MIN - 1);
}

static void r_none_writes_nothing(void **state)
{
	struct field f;

	assert_int_equal(apply(R_X86_64_NONE, PLACE, UINT64_MAX, INT64_MIN, 0, &f), 0);
	assert_stored(&f, 0, 0);
}

/* The field must fit in what is left of the section, before any range check. */
static void room_is_checked(void **state)
{
	static const struct { uint32_t type; size_t width; } t[] = {
		{ R_X86_64_64, 8 }, { R_X86_64_PC64, 8 }, { R_X86_64_32, 4 },
		{ R_X86_64_32S, 4 }, { R_X86_64_PC32, 4 }, { R_X86_64_PLT32, 4 },
		{ R_X86_64_16, 2 }, { R_X86_64_PC16, 2 }, { R_X86_64_8, 1 }, { R_X86_64_PC8, 1 },
	};
	struct field f;

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		/* place 0, symbol 1: a value every type holds, absolute or relative. */
		assert_int_equal(apply(t[i].type, 0, 1, 0, t[i].width - 1, &f), -EINVAL);
		/* Too little room wins over an overflow. */
		assert_int_equal(apply(t[i].type, 0, 1ull << 40, 0, t[i].width - 1, &f), -EINVAL);
		assert_int_equal(apply(t[i].type, 0, 1, 0, t[i].width, &f), 0);
		assert_stored(&f, 1, (unsigned)t[i].width);
	}
}

/* GOT, PLT-offset, TLS, dynamic and size types: refused, and named in messages. */
static void unsupported_types_are_refused_by_name(void **state)
{
	static const struct { uint32_t type; const char *name; } t[] = {
		{ R_X86_64_GOT32, "R_X86_64_GOT32" },
		{ R_X86_64_COPY, "R_X86_64_COPY" },
		{ R_X86_64_GLOB_DAT, "R_X86_64_GLOB_DAT" },
		{ R_X86_64_JUMP_SLOT, "R_X86_64_JUMP_SLOT" },
		{ R_X86_64_RELATIVE, "R_X86_64_RELATIVE" },
		{ R_X86_64_GOTPCREL, "R_X86_64_GOTPCREL" },
		{ R_X86_64_DTPMOD64, "R_X86_64_DTPMOD64" },
		{ R_X86_64_DTPOFF64, "R_X86_64_DTPOFF64" },
		{ R_X86_64_TPOFF64, "R_X86_64_TPOFF64" },
		{ R_X86_64_TLSGD, "R_X86_64_TLSGD" },
		{ R_X86_64_TLSLD, "R_X86_64_TLSLD" },
		{ R_X86_64_DTPOFF32, "R_X86_64_DTPOFF32" },
		{ R_X86_64_GOTTPOFF, "R_X86_64_GOTTPOFF" },
		{ R_X86_64_TPOFF32, "R_X86_64_TPOFF32" },
		{ R_X86_64_GOTOFF64, "R_X86_64_GOTOFF64" },
		{ R_X86_64_GOTPC32, "R_X86_64_GOTPC32" },
		{ R_X86_64_GOT64, "R_X86_64_GOT64" },
		{ R_X86_64_GOTPCREL64, "R_X86_64_GOTPCREL64" },
		{ R_X86_64_GOTPC64, "R_X86_64_GOTPC64" },
		{ R_X86_64_GOTPLT64, "R_X86_64_GOTPLT64" },
		{ R_X86_64_PLTOFF64, "R_X86_64_PLTOFF64" },
		{ R_X86_64_SIZE32, "R_X86_64_SIZE32" },
		{ R_X86_64_SIZE64, "R_X86_64_SIZE64" },
		{ R_X86_64_GOTPC32_TLSDESC, "R_X86_64_GOTPC32_TLSDESC" },
		{ R_X86_64_TLSDESC_CALL, "R_X86_64_TLSDESC_CALL" },
		{ R_X86_64_TLSDESC, "R_X86_64_TLSDESC" },
		{ R_X86_64_IRELATIVE, "R_X86_64_IRELATIVE" },
		{ R_X86_64_RELATIVE64, "R_X86_64_RELATIVE64" },
		{ R_X86_64_GOTPCRELX, "R_X86_64_GOTPCRELX" },
		{ R_X86_64_REX_GOTPCRELX, "R_X86_64_REX_GOTPCRELX" },
	};
	struct field f;

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_string_equal(lp_arch_reloc_name(t[i].type), t[i].name);
		assert_int_equal(apply(t[i].type, PLACE, PLACE, 0, sizeof(f.b), &f), -EOPNOTSUPP);
	}
	/* Beyond the table: still refused, with a printable placeholder. */
	assert_string_equal(lp_arch_reloc_name(R_X86_64_NUM), "R_X86_64_<unknown>");
	assert_string_equal(lp_arch_reloc_name(UINT32_MAX), "R_X86_64_<unknown>");
	assert_int_equal(apply(UINT32_MAX, PLACE, PLACE, 0, sizeof(f.b), &f), -EOPNOTSUPP);
	/* Unsupported wins over a missing room: the type is the real problem. */
	assert_int_equal(apply(R_X86_64_GOTPCREL, PLACE, PLACE, 0, 0, &f), -EOPNOTSUPP);
}

static void supported_types_are_named(void **state)
{
	assert_string_equal(lp_arch_reloc_name(R_X86_64_NONE), "R_X86_64_NONE");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_64), "R_X86_64_64");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_PC32), "R_X86_64_PC32");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_PLT32), "R_X86_64_PLT32");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_32), "R_X86_64_32");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_32S), "R_X86_64_32S");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_16), "R_X86_64_16");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_PC16), "R_X86_64_PC16");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_8), "R_X86_64_8");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_PC8), "R_X86_64_PC8");
	assert_string_equal(lp_arch_reloc_name(R_X86_64_PC64), "R_X86_64_PC64");
}

/* ---- jumps ---- */

static void jump_reaches_exactly_rel32(void **state)
{
	const uint64_t from = 0x40002000ull;
	static const uint8_t fwd[5] = { 0xe9, 0xff, 0xff, 0xff, 0x7f };
	static const uint8_t back[5] = { 0xe9, 0x00, 0x00, 0x00, 0x80 };
	uint8_t buf[8];

	assert_int_equal(lp_arch_jump_size, 5);
	assert_int_equal(lp_arch_encode_jump(from, from + 5 + INT32_MAX, buf), 5);
	assert_memory_equal(buf, fwd, 5);
	assert_int_equal(lp_arch_encode_jump(from + 0x100000000ull, from + 0x100000000ull + 5 + INT32_MIN, buf), 5);
	assert_memory_equal(buf, back, 5);
}

static void jump_one_past_reach_is_refused(void **state)
{
	const uint64_t from = 0x140002000ull;
	uint8_t buf[8];

	memset(buf, GUARD, sizeof(buf));
	assert_int_equal(lp_arch_encode_jump(from, from + 5 + (uint64_t)INT32_MAX + 1, buf), -ERANGE);
	assert_int_equal(lp_arch_encode_jump(from, from + 5 + INT32_MIN - 1, buf), -ERANGE);
	assert_int_equal(lp_arch_encode_jump(0, UINT64_MAX / 2, buf), -ERANGE);
	for (unsigned i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], GUARD);
}

static void jump_to_itself_and_around_the_top(void **state)
{
	static const uint8_t self[5] = { 0xe9, 0xfb, 0xff, 0xff, 0xff }; /* jmp . */
	static const uint8_t next[5] = { 0xe9, 0x00, 0x00, 0x00, 0x00 };
	uint8_t buf[5];

	assert_int_equal(lp_arch_encode_jump(0xffffffff80001000ull, 0xffffffff80001000ull, buf), 5);
	assert_memory_equal(buf, self, 5);
	assert_int_equal(lp_arch_encode_jump(0xffffffff80001000ull, 0xffffffff80001005ull, buf), 5);
	assert_memory_equal(buf, next, 5);
}

/* ---- NOPs ---- */

/*
 * Length of the NOP instruction at p (0 if it is not one): 90, 66 90, or
 * [66] 0f 1f /0 with any memory operand, decoded from the ModRM byte
 * rather than matched against the encoder's own table.
 */
static size_t nop_insn_len(const uint8_t *p, size_t avail)
{
	size_t n = 0, len;
	unsigned mod, reg, rm;

	if (avail && p[0] == 0x66)
		n = 1;
	if (n < avail && p[n] == 0x90)
		return n + 1;
	if (n + 3 > avail || p[n] != 0x0f || p[n + 1] != 0x1f)
		return 0;
	mod = p[n + 2] >> 6;
	reg = (p[n + 2] >> 3) & 7;
	rm = p[n + 2] & 7;
	if (reg != 0 || mod == 3)
		return 0;
	len = n + 3 + (rm == 4);
	if (mod == 1)
		len += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		len += 4;
	return len <= avail ? len : 0;
}

static void nops_decode_as_few_nop_instructions(void **state)
{
	for (size_t len = 1; len <= 20; len++) {
		uint8_t buf[32];
		size_t off = 0, insns = 0;

		memset(buf, GUARD, sizeof(buf));
		lp_arch_encode_nops(buf, len);
		while (off < len) {
			size_t n = nop_insn_len(buf + off, len - off);

			if (!n)
				fail_msg("NOPs of %zu bytes: no NOP at offset %zu", len, off);
			off += n;
			insns++;
		}
		assert_int_equal(off, len);
		assert_int_equal(insns, (len + 8) / 9); /* at most 9 bytes each, as few as that allows */
		for (size_t i = len; i < sizeof(buf); i++)
			assert_int_equal(buf[i], GUARD);
	}
}

/* The forms the vendors' optimisation manuals recommend, per length. */
static void nops_are_the_recommended_forms(void **state)
{
	static const uint8_t want[9][9] = {
		{ 0x90 },
		{ 0x66, 0x90 },
		{ 0x0f, 0x1f, 0x00 },
		{ 0x0f, 0x1f, 0x40, 0x00 },
		{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
		{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
		{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	uint8_t buf[20];

	for (size_t len = 1; len <= 9; len++) {
		lp_arch_encode_nops(buf, len);
		assert_memory_equal(buf, want[len - 1], len);
	}
	/* Longer runs: 9-byte NOPs, then the remainder's form. */
	for (size_t len = 10; len <= 20; len++) {
		size_t rest = len % 9 ? len % 9 : 9;

		lp_arch_encode_nops(buf, len);
		for (size_t off = 0; off + rest < len; off += 9)
			assert_memory_equal(buf + off, want[8], 9);
		assert_memory_equal(buf + len - rest, want[rest - 1], rest);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r_64),
		cmocka_unit_test(r_32_is_unsigned),
		cmocka_unit_test(r_32s_is_signed),
		cmocka_unit_test(r_16),
		cmocka_unit_test(r_8),
		cmocka_unit_test(r_pc32_and_plt32),
		cmocka_unit_test(r_pc32_across_the_address_space_top),
		cmocka_unit_test(r_pc64),
		cmocka_unit_test(r_pc16),
		cmocka_unit_test(r_pc8),
		cmocka_unit_test(r_none_writes_nothing),
		cmocka_unit_test(room_is_checked),
		cmocka_unit_test(unsupported_types_are_refused_by_name),
		cmocka_unit_test(supported_types_are_named),
		cmocka_unit_test(jump_reaches_exactly_rel32),
		cmocka_unit_test(jump_one_past_reach_is_refused),
		cmocka_unit_test(jump_to_itself_and_around_the_top),
		cmocka_unit_test(nops_decode_as_few_nop_instructions),
		cmocka_unit_test(nops_are_the_recommended_forms),
	};

	return cmocka_run_group_tests_name("reloc", tests, NULL, NULL);
}
