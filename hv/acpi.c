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

struct acpi_root {
	const uint8_t *rsdp;
	const struct sdt *root;     /* XSDT or RSDT */
	uint32_t width;             /* 8 or 4: its entry size */
	uint32_t madt_off;          /* the MADT's entry in it */
	const struct sdt *madt;
};

static int find_madt_in(uint64_t rsdp_pa, struct acpi_root *r)
{
	const uint8_t *rsdp = phys_to_virt(rsdp_pa);

	if (!rsdp_pa || memcmp(rsdp, "RSD PTR ", 8) || !checksum_ok(rsdp, 20)) {
		pr_err("acpi: no valid RSDP at %#llx\n", (unsigned long long)rsdp_pa);
		return -ENODEV;
	}
	r->rsdp = rsdp;
	if (rsdp[15] >= 2 && (r->root = table_at(*(const uint64_t *)(rsdp + 24), "XSDT")))
		r->width = 8;
	else if ((r->root = table_at(*(const uint32_t *)(rsdp + 16), "RSDT")))
		r->width = 4;
	else {
		pr_err("acpi: neither XSDT nor RSDT is valid\n");
		return -ENODEV;
	}
	for (uint32_t off = sizeof(*r->root); off + r->width <= r->root->len; off += r->width) {
		uint64_t pa = 0;

		memcpy(&pa, (const uint8_t *)r->root + off, r->width);
		if ((r->madt = table_at(pa, "APIC"))) {
			r->madt_off = off;
			return 0;
		}
	}
	pr_err("acpi: no MADT\n");
	return -ENODEV;
}

static const struct sdt *find_madt(uint64_t rsdp_pa)
{
	struct acpi_root r;

	return find_madt_in(rsdp_pa, &r) ? NULL : r.madt;
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

static void set_checksum(uint8_t *p, uint32_t len, uint8_t *field)
{
	uint8_t sum = 0;

	*field = 0;
	for (uint32_t i = 0; i < len; i++)
		sum += p[i];
	*field = (uint8_t)-sum;
}

/* The MADT without the processor entries (local APIC, x2APIC) of other CPUs. */
static uint32_t copy_madt(const struct sdt *madt, uint32_t keep_apic_id, uint8_t *dst)
{
	const uint8_t *p = (const uint8_t *)madt + sizeof(*madt) + 8, *end;
	uint32_t len = sizeof(*madt) + 8, id;

	end = (const uint8_t *)madt + madt->len;
	memcpy(dst, madt, len);
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		if (p[0] == 0 && p[1] >= 8 && p[3] != keep_apic_id)
			continue;
		if (p[0] == 9 && p[1] >= 16 && (memcpy(&id, p + 4, 4), id != keep_apic_id))
			continue;
		memcpy(dst + len, p, p[1]);
		len += p[1];
	}
	((struct sdt *)dst)->len = len;
	set_checksum(dst, len, &((struct sdt *)dst)->csum);
	return len;
}

int acpi_one_cpu_view(uint64_t rsdp_pa, uint32_t keep_apic_id, uint64_t dst, uint64_t room,
		      uint64_t *new_rsdp)
{
	struct acpi_root r;
	uint8_t *out = phys_to_virt(dst);
	uint64_t root_pa = dst + 64, madt_pa;
	int rc = find_madt_in(rsdp_pa, &r);

	if (rc)
		return rc;
	madt_pa = (root_pa + r.root->len + 15) & ~15ull;
	if (madt_pa + r.madt->len > dst + room) {
		pr_err("acpi: %u bytes of tables do not fit the %llu bytes for dom0's view\n",
		       r.root->len + r.madt->len, (unsigned long long)room);
		return -E2BIG;
	}
	memset(out, 0, 64);
	memcpy(out, r.rsdp, r.width == 8 ? 36 : 20);
	memcpy(out + (root_pa - dst), r.root, r.root->len);
	copy_madt(r.madt, keep_apic_id, out + (madt_pa - dst));
	memcpy(out + (root_pa - dst) + r.madt_off, &madt_pa, r.width);
	set_checksum(out + (root_pa - dst), r.root->len, &((struct sdt *)(out + (root_pa - dst)))->csum);
	if (r.width == 8) {
		memcpy(out + 24, &root_pa, 8);
		memset(out + 16, 0, 4);   /* no RSDT: the XSDT is the view */
	} else {
		uint32_t pa32 = (uint32_t)root_pa;

		memcpy(out + 16, &pa32, 4);
	}
	/* The extended checksum covers the first one: that one first. */
	set_checksum(out, 20, out + 8);
	if (r.width == 8)
		set_checksum(out, 36, out + 32);
	*new_rsdp = dst;
	return 0;
}
