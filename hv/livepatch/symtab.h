/*
 * A flat, xxh64-indexed symbol table: one array of entries, one array of
 * slots (open addressing, linear probing, power-of-two size). Used for the
 * hypervisor's own symbols and for the symbols each payload exports.
 *
 * Naming follows Xen: global symbols by their name, file-local symbols as
 * "file.c#name" (file is the basename from STT_FILE).
 */
#ifndef LP_SYMTAB_H
#define LP_SYMTAB_H

#include "compat.h"

struct lp_sym {
	const char *name;
	uint64_t addr;
	uint64_t size;
	uint8_t is_func;
	uint8_t is_local;
};

struct lp_symtab {
	const struct lp_sym *syms;
	uint32_t nsyms;
	uint32_t *slots;             /* index+1 into syms; 0 = empty */
	uint32_t *by_addr;           /* indices of sized syms, sorted by address */
	uint32_t naddr;              /* entries in by_addr */
	uint32_t nslots;             /* power of two */
};

/*
 * Index `nsyms` entries (the array is kept by reference and must outlive
 * the table). Returns 0 or -ENOMEM.
 */
int lp_symtab_build(struct lp_symtab *t, const struct lp_sym *syms, uint32_t nsyms);
void lp_symtab_destroy(struct lp_symtab *t);

/*
 * Look a name up. Returns the entry, NULL when absent, and sets *ambiguous
 * when more than one entry carries the name (then the first is returned).
 */
const struct lp_sym *lp_symtab_lookup(const struct lp_symtab *t, const char *name,
				      bool *ambiguous);
/* The reference: a linear scan, as Xen's symbols_lookup_by_name does. */
const struct lp_sym *lp_symtab_lookup_linear(const struct lp_symtab *t, const char *name);
/* A symbol with a size containing addr (addr in [sym, sym+size)), or NULL. */
const struct lp_sym *lp_symtab_by_addr(const struct lp_symtab *t, uint64_t addr);

#endif
