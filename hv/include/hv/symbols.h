/* The hypervisor's embedded symbol table (generated at link time). */
#ifndef HV_SYMBOLS_H
#define HV_SYMBOLS_H

#include <stdint.h>

struct lp_symtab;

/* Index the embedded table; needs the heap. Returns 0 or -errno. */
int symbols_init(void);
const struct lp_symtab *symbols_table(void);
/*
 * Name of the symbol containing addr, in the hypervisor or in a payload
 * (then *payload names it); NULL when unknown.
 */
const char *symbols_lookup(uint64_t addr, uint64_t *off, uint64_t *size, const char **payload);

/* Where a live-patch jump at run leads, or 0 (arch/x86_64/text_poke.c). */
uint64_t text_jump_target(uint64_t run);

#endif
