/*
 * Reading and writing live code. Text stays RX; a write goes through a
 * temporary writable, non-executable alias of the same physical page at
 * ALIAS_VIRT, which exists only for the duration of the copy. Linked into
 * .text.nopatch: it runs inside the rendezvous.
 */
#include <string.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/symbols.h>
#include "livepatch/host.h"

int lp_host_text_read(uint64_t run, void *dst, size_t len)
{
	for (size_t done = 0; done < len;) {
		size_t chunk = PAGE_SIZE - ((run + done) & (PAGE_SIZE - 1));

		if (!paging_virt_to_phys(run + done)) {
			pr_err("livepatch: text at %#llx is not mapped\n",
			       (unsigned long long)(run + done));
			return -EFAULT;
		}
		chunk = chunk < len - done ? chunk : len - done;
		memcpy((uint8_t *)dst + done, (const void *)(run + done), chunk);
		done += chunk;
	}
	return 0;
}

static int poke_page(uint64_t run, const uint8_t *src, size_t len)
{
	uint64_t pa = paging_virt_to_phys(run & ~(PAGE_SIZE - 1));
	int rc;

	if (!pa) {
		pr_err("livepatch: text at %#llx is not mapped\n", (unsigned long long)run);
		return -EFAULT;
	}
	rc = paging_map(ALIAS_VIRT, pa, PG_W);
	if (rc)
		return rc;
	memcpy((uint8_t *)ALIAS_VIRT + (run & (PAGE_SIZE - 1)), src, len);
	paging_unmap(ALIAS_VIRT);
	return 0;
}

int lp_host_text_write(uint64_t run, const void *src, size_t len)
{
	const struct percpu *self = this_cpu();

	/* An NMI between two writes would run half-patched code: never unheld. */
	if (self->virt_enabled && !self->nmi_held) {
		pr_err("livepatch: text write at %#llx with NMIs not held on CPU%u; refused\n",
		       (unsigned long long)run, self->cpu);
		return -EPERM;
	}
	for (size_t done = 0; done < len;) {
		size_t chunk = PAGE_SIZE - ((run + done) & (PAGE_SIZE - 1));
		int rc;

		chunk = chunk < len - done ? chunk : len - done;
		rc = poke_page(run + done, (const uint8_t *)src + done, chunk);
		if (rc)
			return rc;
		done += chunk;
	}
	return 0;
}

/* Where a live-patch jump at `run` leads, or 0 when there is none. */
uint64_t text_jump_target(uint64_t run)
{
	uint8_t insn[5];
	int32_t rel;

	if (lp_host_text_read(run, insn, sizeof(insn)) || insn[0] != 0xe9)
		return 0;
	memcpy(&rel, insn + 1, sizeof(rel));
	return run + sizeof(insn) + (int64_t)rel;
}
