/*
 * Relocation of the placed sections. The arch does the arithmetic and the
 * overflow checks; this walks the RELA sections and reports failures with
 * the section, offset, type and symbol involved.
 */
#include "payload.h"

/*
 * A symbol defined in a section that is not allocated has no run address:
 * lp_resolve() can only give it its offset in that section, so loaded code
 * relocated against it would point at a small absolute address.
 * (elf.c checked shndx < nsecs for every non-reserved index.)
 */
static bool sym_is_placed(const struct lp_elf *elf, const struct lp_esym *s)
{
	if (s->shndx == LP_SHN_UNDEF || s->shndx >= LP_SHN_LORESERVE)
		return true;
	return elf->secs[s->shndx].sh->flags & LP_SHF_ALLOC;
}

static int relocate_section(struct hv_payload *p, struct lp_elf *elf, const struct lp_sec *rs)
{
	const struct lp_sec *target = &elf->secs[rs->sh->info];
	const struct lp_rela *r = (const void *)rs->data;
	uint64_t n = rs->sh->size / sizeof(*r);

	/* Relocations of debug info and other non-loaded sections are not needed. */
	if (!(target->sh->flags & LP_SHF_ALLOC))
		return 0;
	if (!target->write) {
		lp_err(p->name, "%s: target section %s was not placed", rs->name, target->name);
		return -EINVAL;
	}
	for (uint64_t j = 0; j < n; j++) {
		uint32_t type = LP_R_TYPE(r[j].info), sym = LP_R_SYM(r[j].info);
		const char *sname = lp_elf_sym_name(elf, &elf->syms[sym]);
		int rc;

		if (target->sh->type == LP_SHT_NOBITS) {
			lp_err(p->name, "%s: relocation into bss-like section %s", rs->name, target->name);
			return -EINVAL;
		}
		if (!sym_is_placed(elf, &elf->syms[sym])) {
			lp_err(p->name, "%s+%#llx: relocation %s against %s, which is in section %s that is not loaded",
			       target->name, (unsigned long long)r[j].offset, lp_arch_reloc_name(type),
			       sname, elf->secs[elf->syms[sym].shndx].name);
			return -EINVAL;
		}
		rc = lp_arch_apply_reloc(type, target->write + r[j].offset,
					 target->run + r[j].offset, elf->sym_run[sym],
					 r[j].addend, target->sh->size - r[j].offset);
		if (rc == -EOPNOTSUPP) {
			lp_err(p->name, "%s+%#llx: unsupported relocation type %s (%u) against %s",
			       target->name, (unsigned long long)r[j].offset,
			       lp_arch_reloc_name(type), type, sname);
			return rc;
		}
		if (rc == -ERANGE) {
			lp_err(p->name, "%s+%#llx: relocation %s against %s (%#llx%+lld) overflows",
			       target->name, (unsigned long long)r[j].offset,
			       lp_arch_reloc_name(type), sname, (unsigned long long)elf->sym_run[sym],
			       (long long)r[j].addend);
			return rc;
		}
		if (rc == -EINVAL) {
			lp_err(p->name, "%s+%#llx: relocation %s does not fit in the section",
			       target->name, (unsigned long long)r[j].offset, lp_arch_reloc_name(type));
			return rc;
		}
		if (rc)
			return rc;
		p->nrelocs++;
	}
	return 0;
}

int lp_relocate(struct hv_payload *p, struct lp_elf *elf)
{
	for (uint32_t i = 1; i < elf->nsecs; i++) {
		int rc;

		if (elf->secs[i].sh->type != LP_SHT_RELA)
			continue;
		rc = relocate_section(p, elf, &elf->secs[i]);
		if (rc)
			return rc;
	}
	return 0;
}
