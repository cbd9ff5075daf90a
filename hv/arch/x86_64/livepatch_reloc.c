/*
 * x86-64 relocation arithmetic for live-patch payloads. Every type a
 * compiler emits for a -mcmodel=kernel (or small) non-PIC object is
 * handled with an overflow check; GOT, TLS and dynamic types make no sense
 * for a payload linked into the hypervisor and are rejected by name.
 */
#include "../../livepatch/arch.h"

const uint16_t lp_arch_elf_machine = 62; /* EM_X86_64 */

enum {
	R_NONE = 0, R_64 = 1, R_PC32 = 2, R_PLT32 = 4, R_32 = 10, R_32S = 11,
	R_16 = 12, R_PC16 = 13, R_8 = 14, R_PC8 = 15, R_PC64 = 24,
};

static const char *const reloc_names[] = {
	"R_X86_64_NONE", "R_X86_64_64", "R_X86_64_PC32", "R_X86_64_GOT32",
	"R_X86_64_PLT32", "R_X86_64_COPY", "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT",
	"R_X86_64_RELATIVE", "R_X86_64_GOTPCREL", "R_X86_64_32", "R_X86_64_32S",
	"R_X86_64_16", "R_X86_64_PC16", "R_X86_64_8", "R_X86_64_PC8",
	"R_X86_64_DTPMOD64", "R_X86_64_DTPOFF64", "R_X86_64_TPOFF64", "R_X86_64_TLSGD",
	"R_X86_64_TLSLD", "R_X86_64_DTPOFF32", "R_X86_64_GOTTPOFF", "R_X86_64_TPOFF32",
	"R_X86_64_PC64", "R_X86_64_GOTOFF64", "R_X86_64_GOTPC32", "R_X86_64_GOT64",
	"R_X86_64_GOTPCREL64", "R_X86_64_GOTPC64", "R_X86_64_GOTPLT64", "R_X86_64_PLTOFF64",
	"R_X86_64_SIZE32", "R_X86_64_SIZE64", "R_X86_64_GOTPC32_TLSDESC",
	"R_X86_64_TLSDESC_CALL", "R_X86_64_TLSDESC", "R_X86_64_IRELATIVE",
	"R_X86_64_RELATIVE64", "R_X86_64_39", "R_X86_64_40", "R_X86_64_GOTPCRELX",
	"R_X86_64_REX_GOTPCRELX",
};

const char *lp_arch_reloc_name(uint32_t type)
{
	if (type < LP_ARRAY_SIZE(reloc_names))
		return reloc_names[type];
	return "R_X86_64_<unknown>";
}

static bool fits_signed(int64_t v, unsigned bits)
{
	int64_t lim = (int64_t)1 << (bits - 1);

	return v >= -lim && v < lim;
}

/* A plain (non-PC) field may hold either a signed or an unsigned value. */
static bool fits_either(uint64_t v, unsigned bits)
{
	return fits_signed((int64_t)v, bits) || v < ((uint64_t)1 << bits);
}

static void store(uint8_t *where, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		where[i] = (uint8_t)(v >> (8 * i));
}

int lp_arch_apply_reloc(uint32_t type, uint8_t *where, uint64_t place,
			uint64_t sym, int64_t addend, size_t room)
{
	uint64_t val = sym + (uint64_t)addend;
	int64_t rel = (int64_t)(val - place);
	unsigned width;
	bool ok;

	switch (type) {
	case R_NONE:
		return 0;
	case R_64:    width = 8; ok = true; break;
	case R_32:    width = 4; ok = val <= UINT32_MAX; break;
	case R_32S:   width = 4; ok = fits_signed((int64_t)val, 32); break;
	case R_16:    width = 2; ok = fits_either(val, 16); break;
	case R_8:     width = 1; ok = fits_either(val, 8); break;
	case R_PC64:  width = 8; ok = true; val = (uint64_t)rel; break;
	case R_PC32:
	case R_PLT32: /* no PLT: a call goes straight to its target */
		width = 4; ok = fits_signed(rel, 32); val = (uint64_t)rel; break;
	case R_PC16:  width = 2; ok = fits_signed(rel, 16); val = (uint64_t)rel; break;
	case R_PC8:   width = 1; ok = fits_signed(rel, 8); val = (uint64_t)rel; break;
	default:
		return -EOPNOTSUPP;
	}
	if (room < width)
		return -EINVAL;
	if (!ok)
		return -ERANGE;
	store(where, val, width);
	return 0;
}
