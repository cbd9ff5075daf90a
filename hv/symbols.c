/*
 * The symbol table linked into the image (tools/mksymtab generates it
 * from a previous link of the same image), indexed by the
 * live-patch core's lp_symtab for name and address lookups. Payload
 * addresses are asked of the core, which knows their symbols.
 */
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/symbols.h>
#include "livepatch/livepatch.h"
#include "livepatch/errno_name.h"
#include "livepatch/symtab.h"

extern const struct lp_sym hv_symbols[];
extern const uint32_t hv_nr_symbols;

static struct lp_symtab table;
static int ready;

int symbols_init(void)
{
	int rc = lp_symtab_build(&table, hv_symbols, hv_nr_symbols);
	const struct lp_sym *s;
	bool ambiguous;

	if (rc) {
		pr_err("symbols: cannot index %u symbols: %d (%s)\n", hv_nr_symbols, rc, lp_errno_name(rc));
		return rc;
	}
	/* A table from a different link would misname every address and patch. */
	s = lp_symtab_lookup(&table, "symbols_init", &ambiguous);
	if (!s || s->addr != (uint64_t)symbols_init) {
		pr_err("symbols: the embedded table does not describe this image\n");
		lp_symtab_destroy(&table);
		return -ESTALE;
	}
	ready = 1;
	printk("symbols: %u symbols indexed\n", hv_nr_symbols);
	return 0;
}

const struct lp_symtab *symbols_table(void)
{
	return ready ? &table : NULL;
}

const char *symbols_lookup(uint64_t addr, uint64_t *off, uint64_t *size, const char **payload)
{
	const struct lp_sym *s = ready ? lp_symtab_by_addr(&table, addr) : NULL;

	*payload = NULL;
	if (s) {
		*off = addr - s->addr;
		*size = s->size;
		return s->name;
	}
	return lp_symbol_by_addr(addr, off, size, payload);
}
