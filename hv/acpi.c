/*
 * CPU enumeration from the MADT. Every table is checksummed and bounds
 * checked before use: firmware tables are input like any other.
 */
#include <string.h>
#include <hv/acpi.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/printk.h>

struct sdt {
	char sig[4];
	uint32_t len;
	uint8_t rev, csum;
	char oem[6], table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

static int checksum_ok(const void *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

static const struct sdt *table_at(uint64_t pa, const char *sig)
{
	const struct sdt *t = phys_to_virt(pa);

	if (!pa || memcmp(t->sig, sig, 4) || t->len < sizeof(*t) || t->len > (1u << 20) ||
	    !checksum_ok(t, t->len))
		return NULL;
	return t;
}

static const struct sdt *find_madt(uint64_t rsdp_pa)
{
	const uint8_t *rsdp = phys_to_virt(rsdp_pa);
	const struct sdt *root;
	uint32_t width;

	if (!rsdp_pa || memcmp(rsdp, "RSD PTR ", 8) || !checksum_ok(rsdp, 20)) {
		pr_err("acpi: no valid RSDP at %#llx\n", (unsigned long long)rsdp_pa);
		return NULL;
	}
	if (rsdp[15] >= 2 && (root = table_at(*(const uint64_t *)(rsdp + 24), "XSDT")))
		width = 8;
	else if ((root = table_at(*(const uint32_t *)(rsdp + 16), "RSDT")))
		width = 4;
	else {
		pr_err("acpi: neither XSDT nor RSDT is valid\n");
		return NULL;
	}
	for (uint32_t off = sizeof(*root); off + width <= root->len; off += width) {
		uint64_t pa = 0;
		const struct sdt *t;

		memcpy(&pa, (const uint8_t *)root + off, width);
		if ((t = table_at(pa, "APIC")))
			return t;
	}
	pr_err("acpi: no MADT\n");
	return NULL;
}

int acpi_cpu_apic_ids(uint64_t rsdp, uint32_t *ids, unsigned max)
{
	const struct sdt *madt = find_madt(rsdp);
	const uint8_t *p, *end;
	unsigned n = 0, dropped = 0;

	if (!madt)
		return -ENODEV;
	p = (const uint8_t *)madt + sizeof(*madt) + 8;   /* local APIC address, flags */
	end = (const uint8_t *)madt + madt->len;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		uint32_t flags;

		/* Type 0: processor local APIC; enabled or online-capable. */
		if (p[0] == 0 && p[1] >= 8) {
			memcpy(&flags, p + 4, 4);
			if ((flags & 3) && n < max)
				ids[n++] = p[3];
			else if (flags & 3)
				dropped++;
		}
		p += p[1];
	}
	printk("acpi: MADT lists %u usable CPU(s)\n", n + dropped);
	if (dropped)
		pr_warn("acpi: %u CPU(s) beyond CONFIG_NR_CPUS %u stay offline\n", dropped, max);
	return (int)n;
}
