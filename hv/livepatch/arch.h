/*
 * What the arch supplies to the arch-neutral live-patch core: ELF machine,
 * relocation arithmetic and the instructions that redirect or NOP code.
 * Implemented in hv/arch/x86_64/.
 */
#ifndef LP_ARCH_H
#define LP_ARCH_H

#include "compat.h"

/* Bytes saved per patched function: room for the longest NOP Xen allows (LIVEPATCH_OPAQUE_SIZE). */
#define LP_ARCH_MAX_PATCH 31

extern const uint16_t lp_arch_elf_machine;
extern const uint32_t lp_arch_jump_size;

/*
 * Apply one RELA relocation. `where` is the write address, `place` the run
 * address of the relocated field, `sym` the run address of the symbol.
 * Returns 0, -ERANGE on overflow, -EOPNOTSUPP for an unsupported type.
 */
int lp_arch_apply_reloc(uint32_t type, uint8_t *where, uint64_t place,
			uint64_t sym, int64_t addend, size_t room);
/* Printable name of a relocation type, for messages. */
const char *lp_arch_reloc_name(uint32_t type);

/* Encode a jump from `from` (run address) to `to` into buf; returns size or -ERANGE. */
int lp_arch_encode_jump(uint64_t from, uint64_t to, uint8_t *buf);
/* Fill buf with `len` bytes of NOPs. */
void lp_arch_encode_nops(uint8_t *buf, size_t len);

#endif
