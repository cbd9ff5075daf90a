/*
 * Sections Xen gives a meaning we do not implement yet. Loading them as
 * plain data would drop that meaning silently: alternatives left
 * unpatched, faults in payload code with no fixup, BUG()/WARN() frames
 * nobody decodes. So a payload carrying one is refused, naming it.
 */
#include "payload.h"

static const char *const unsupported_exact[] = {
	".altinstructions", /* alternative instruction patching */
	".ex_table",        /* exception fixups for faulting accesses */
};

static const char unsupported_prefix[] = ".bug_frames."; /* BUG/WARN/assert frames */

static bool is_unsupported(const char *name)
{
	for (size_t i = 0; i < sizeof(unsupported_exact) / sizeof(unsupported_exact[0]); i++)
		if (!strcmp(name, unsupported_exact[i]))
			return true;
	return !strncmp(name, unsupported_prefix, sizeof(unsupported_prefix) - 1);
}

int lp_check_unsupported_sections(const struct hv_payload *p, const struct lp_elf *elf)
{
	for (uint32_t i = 1; i < elf->nsecs; i++) {
		if (!is_unsupported(elf->secs[i].name))
			continue;
		lp_err(p->name, "section %s is not supported yet (loaded as plain data its meaning would be lost)",
		       elf->secs[i].name);
		return -EOPNOTSUPP;
	}
	return 0;
}
