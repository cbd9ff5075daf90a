/*
 * Starting dom0's Linux through the x86 boot protocol's 32-bit entry:
 * the protected-mode kernel copied to a 2 MiB-aligned address with its
 * whole init_size free, boot_params with the kernel's setup header, an
 * e820 map from the EFI memory map with every hypervisor range reserved,
 * the ACPI RSDP (OVMF's is not where a BIOS would put it), the command
 * line and the initrd where the stub loaded it.
 */
#include <string.h>
#include <hv/acpi.h>
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/guest_mem.h>
#include <hv/hvmem.h>
#include <hv/linux_boot.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <hv/printk.h>

/* boot_params offsets (Documentation/arch/x86/zero-page.rst) */
#define BP_ACPI_RSDP     0x070
#define BP_EXT_RD_IMAGE  0x0c0
#define BP_EXT_RD_SIZE   0x0c4
#define BP_EXT_CMDLINE   0x0c8
#define BP_E820_ENTRIES  0x1e8
#define BP_HDR           0x1f1
#define BP_E820_TABLE    0x2d0
#define E820_MAX         128
/* setup header offsets, same in the bzImage and in boot_params */
#define HDR_SETUP_SECTS  0x1f1
#define HDR_MAGIC        0x202
#define HDR_VERSION      0x206
#define HDR_LOADER_TYPE  0x210
#define HDR_LOADFLAGS    0x211
#define HDR_CODE32_START 0x214
#define HDR_RD_IMAGE     0x218
#define HDR_RD_SIZE      0x21c
#define HDR_CMDLINE_PTR  0x228
#define HDR_INITRD_MAX   0x22c
#define HDR_ALIGN        0x230
#define HDR_RELOCATABLE  0x234
#define HDR_XLOADFLAGS   0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE    0x260

#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5
#define E820_PMEM     7

#define TWO_MB       0x200000ull
/* boot_params, command line (2 pages), GDT, then dom0's ACPI view (2 pages) */
#define BOOT_AREA    (6 * PAGE_SIZE)
#define ACPI_VIEW    (4 * PAGE_SIZE)
#define ACPI_ROOM    (2 * PAGE_SIZE)

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

struct e820_map {
	struct e820_entry e[E820_MAX];
	unsigned n;
};

static uint32_t e820_type(uint32_t efi_type)
{
	switch (efi_type) {
	case 1: case 2: case 3: case 4: case 7:
		return E820_RAM;
	case 8:
		return E820_UNUSABLE;
	case 9:
		return E820_ACPI;
	case 10:
		return E820_NVS;
	case 14:
		return E820_PMEM;
	default:
		return E820_RESERVED;
	}
}

static int e820_add(struct e820_map *m, uint64_t lo, uint64_t hi, uint32_t type)
{
	struct e820_entry *last = m->n ? &m->e[m->n - 1] : NULL;

	if (lo >= hi)
		return 0;
	if (last && last->type == type && last->addr + last->size == lo) {
		last->size += hi - lo;
		return 0;
	}
	if (m->n == E820_MAX) {
		pr_err("linux_boot: the memory map needs more than %u e820 entries\n", E820_MAX);
		return -E2BIG;
	}
	m->e[m->n++] = (struct e820_entry){ lo, hi - lo, type };
	return 0;
}

/* RAM minus the hypervisor's ranges, which dom0 sees as reserved. */
static int add_ram(struct e820_map *m, uint64_t lo, uint64_t hi)
{
	uint64_t rlo, rhi;
	int rc = 0;

	for (unsigned i = 0; !rc && hvmem_range(i, &rlo, &rhi) && lo < hi; i++) {
		if (rhi <= lo || rlo >= hi)
			continue;
		rc = e820_add(m, lo, rlo > lo ? rlo : lo, E820_RAM);
		if (!rc)
			rc = e820_add(m, rlo > lo ? rlo : lo, rhi < hi ? rhi : hi, E820_RESERVED);
		lo = rhi;
	}
	return rc ? rc : e820_add(m, lo, hi, E820_RAM);
}

/* The EFI map in address order (firmware usually sorts it; not promised). */
static int build_e820(const struct hv_bootinfo *bi, struct e820_map *m)
{
	uint64_t from = 0;
	int rc = 0;

	m->n = 0;
	for (;;) {
		const struct hv_efi_md *md, *best = NULL;

		FOR_EACH_MD(bi, md)
			if (md->phys >= from && (!best || md->phys < best->phys))
				best = md;
		if (!best)
			return rc;
		uint64_t lo = best->phys, hi = lo + best->pages * PAGE_SIZE;
		uint32_t type = e820_type(best->type);

		rc = type == E820_RAM ? add_ram(m, lo, hi) : e820_add(m, lo, hi, type);
		if (rc)
			return rc;
		from = hi > lo ? hi : lo + 1;
	}
}

static int register_guest_ram(const struct e820_map *m)
{
	for (unsigned i = 0; i < m->n; i++) {
		int rc;

		if (m->e[i].type == E820_RAM && (rc = guest_mem_add(m->e[i].addr, m->e[i].size)))
			return rc;
	}
	return 0;
}

/* Turn [lo, hi), inside one RAM entry, into `type` (dom0's ACPI view). */
static int e820_carve(struct e820_map *m, uint64_t lo, uint64_t hi, uint32_t type)
{
	for (unsigned i = 0; i < m->n; i++) {
		struct e820_entry e = m->e[i];

		if (e.type != E820_RAM || lo < e.addr || hi > e.addr + e.size)
			continue;
		if (m->n + 2 > E820_MAX)
			return -E2BIG;
		memmove(&m->e[i + 3], &m->e[i + 1], (m->n - i - 1) * sizeof(e));
		m->e[i] = (struct e820_entry){ e.addr, lo - e.addr, E820_RAM };
		m->e[i + 1] = (struct e820_entry){ lo, hi - lo, type };
		m->e[i + 2] = (struct e820_entry){ hi, e.addr + e.size - hi, E820_RAM };
		m->n += 2;
		/* Drop the empty pieces. */
		for (unsigned j = i; j < i + 3 && j < m->n;) {
			if (!m->e[j].size) {
				memmove(&m->e[j], &m->e[j + 1], (m->n - j - 1) * sizeof(e));
				m->n--;
			} else {
				j++;
			}
		}
		return 0;
	}
	return -ENOENT;
}

/*
 * dom0 may use only CPU0: it gets a MADT listing only CPU0, in e820 ACPI
 * memory of its own, so it never even tries the others (nr_cpus=1 and the
 * xAPIC guard stay as the barrier). Without ACPI it gets the firmware's.
 */
static uint64_t dom0_acpi_view(const struct hv_bootinfo *bi, struct e820_map *m, uint64_t area)
{
	uint64_t rsdp;

	if (!bi->rsdp)
		return 0;
	if (acpi_one_cpu_view(bi->rsdp, this_cpu()->apic_id, area + ACPI_VIEW, ACPI_ROOM, &rsdp) ||
	    e820_carve(m, area + ACPI_VIEW, area + ACPI_VIEW + ACPI_ROOM, E820_ACPI)) {
		pr_warn("linux_boot: dom0 sees the firmware's ACPI tables (all CPUs)\n");
		return bi->rsdp;
	}
	printk("linux_boot: dom0's ACPI view at %#llx lists CPU0 only\n", (unsigned long long)rsdp);
	return rsdp;
}

/* ---- where the kernel goes ---- */

struct busy {
	uint64_t lo, hi;
};

static int is_free(const struct e820_map *m, uint64_t lo, uint64_t hi, const struct busy *b,
		   unsigned nb)
{
	int in_ram = 0;

	for (unsigned i = 0; i < nb; i++)
		if (lo < b[i].hi && hi > b[i].lo)
			return 0;
	for (unsigned i = 0; i < m->n; i++)
		if (m->e[i].type == E820_RAM && lo >= m->e[i].addr &&
		    hi <= m->e[i].addr + m->e[i].size)
			in_ram = 1;
	return in_ram;
}

/* The lowest `align`-aligned address >= from with [a, a + size) free RAM; 0 if none. */
static uint64_t find_free(const struct e820_map *m, uint64_t from, uint64_t size, uint64_t align,
			  const struct busy *b, unsigned nb)
{
	for (unsigned i = 0; i < m->n; i++) {
		uint64_t a;

		if (m->e[i].type != E820_RAM)
			continue;
		a = m->e[i].addr > from ? m->e[i].addr : from;
		for (a = (a + align - 1) & ~(align - 1); a + size <= m->e[i].addr + m->e[i].size;
		     a += align)
			if (is_free(m, a, a + size, b, nb))
				return a;
	}
	return 0;
}

static uint32_t rd32(const uint8_t *p, unsigned off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static void wr32(uint8_t *p, unsigned off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

struct kernel {
	const uint8_t *image;
	uint64_t size, pm_offset, init_size, align, pref;
	unsigned hdr_len;
};

static int parse_kernel(const struct hv_bootinfo *bi, struct kernel *k)
{
	const uint8_t *img = phys_to_virt(bi->kernel.addr);
	unsigned sects;

	k->image = img;
	k->size = bi->kernel.size;
	if (k->size < 0x1000 || memcmp(img + HDR_MAGIC, "HdrS", 4)) {
		pr_err("linux_boot: %s is not a bzImage (no HdrS setup header)\n", bi->kernel.name);
		return -ENOEXEC;
	}
	if ((img[HDR_VERSION] | img[HDR_VERSION + 1] << 8) < 0x20c || !(img[HDR_LOADFLAGS] & 1) ||
	    !img[HDR_RELOCATABLE]) {
		pr_err("linux_boot: %s: boot protocol %#x, loadflags %#x: need 2.12+, loaded high, "
		       "relocatable\n", bi->kernel.name, img[HDR_VERSION] | img[HDR_VERSION + 1] << 8,
		       img[HDR_LOADFLAGS]);
		return -ENOEXEC;
	}
	sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4;
	k->pm_offset = (sects + 1) * 512ull;
	k->init_size = rd32(img, HDR_INIT_SIZE);
	k->align = rd32(img, HDR_ALIGN) > TWO_MB ? rd32(img, HDR_ALIGN) : TWO_MB;
	memcpy(&k->pref, img + HDR_PREF_ADDRESS, 8);
	k->hdr_len = 0x202 + img[0x201] - BP_HDR;
	if (k->pm_offset >= k->size || k->init_size < k->size - k->pm_offset ||
	    BP_HDR + k->hdr_len > PAGE_SIZE) {
		pr_err("linux_boot: %s: inconsistent setup header (setup %llu bytes, init_size %llu)\n",
		       bi->kernel.name, (unsigned long long)k->pm_offset,
		       (unsigned long long)k->init_size);
		return -ENOEXEC;
	}
	return 0;
}

static void write_gdt(uint8_t *gdt)
{
	static const uint64_t entries[4] = {
		0, 0, 0x00cf9a000000ffffull /* 0x10: code */, 0x00cf92000000ffffull /* 0x18: data */,
	};

	memcpy(gdt, entries, sizeof(entries));
}

static int fill_boot_params(const struct hv_bootinfo *bi, const struct kernel *k,
			    const struct e820_map *m, uint64_t load, uint64_t area, uint64_t rsdp)
{
	uint8_t *bp = phys_to_virt(area);
	char *cmdline = phys_to_virt(area + PAGE_SIZE);
	size_t len = strlen(bi->kernel_cmdline);

	if (len + 1 > rd32(k->image, HDR_CMDLINE_SIZE) + 1u || len >= 2 * PAGE_SIZE) {
		pr_err("linux_boot: dom0 command line is %zu bytes; the kernel takes %u\n", len,
		       rd32(k->image, HDR_CMDLINE_SIZE));
		return -E2BIG;
	}
	memset(bp, 0, ACPI_VIEW);
	memcpy(bp + BP_HDR, k->image + BP_HDR, k->hdr_len);
	bp[HDR_LOADER_TYPE] = 0xff;
	bp[HDR_LOADFLAGS] &= ~(1u << 5);           /* not quiet: dom0 talks on ttyS0 */
	wr32(bp, HDR_CODE32_START, (uint32_t)load);
	memcpy(cmdline, bi->kernel_cmdline, len + 1);
	wr32(bp, HDR_CMDLINE_PTR, (uint32_t)(area + PAGE_SIZE));
	if (bi->ramdisk.size) {
		wr32(bp, HDR_RD_IMAGE, (uint32_t)bi->ramdisk.addr);
		wr32(bp, HDR_RD_SIZE, (uint32_t)bi->ramdisk.size);
		wr32(bp, BP_EXT_RD_IMAGE, (uint32_t)(bi->ramdisk.addr >> 32));
		wr32(bp, BP_EXT_RD_SIZE, (uint32_t)(bi->ramdisk.size >> 32));
	}
	memcpy(bp + BP_ACPI_RSDP, &rsdp, 8);
	bp[BP_E820_ENTRIES] = (uint8_t)m->n;
	memcpy(bp + BP_E820_TABLE, m->e, m->n * sizeof(m->e[0]));
	write_gdt(phys_to_virt(area + 3 * PAGE_SIZE));
	return 0;
}

static int check_ramdisk(const struct hv_bootinfo *bi, const struct kernel *k)
{
	uint64_t end = bi->ramdisk.addr + bi->ramdisk.size;
	int above_ok = (k->image[HDR_XLOADFLAGS] & 2) != 0;   /* XLF_CAN_BE_LOADED_ABOVE_4G */

	if (!bi->ramdisk.size || end - 1 <= rd32(k->image, HDR_INITRD_MAX) || above_ok)
		return 0;
	pr_err("linux_boot: the ramdisk ends at %#llx, above the kernel's limit %#x\n",
	       (unsigned long long)end, rd32(k->image, HDR_INITRD_MAX));
	return -ERANGE;
}

static struct e820_map map;

int linux_boot_prepare(const struct hv_bootinfo *bi, struct dom0_entry *e, uint64_t *top)
{
	struct kernel k;
	struct busy b[3];
	uint64_t load, area, rsdp;
	int rc;

	if ((rc = parse_kernel(bi, &k)) || (rc = check_ramdisk(bi, &k)) ||
	    (rc = build_e820(bi, &map)) || (rc = register_guest_ram(&map)))
		return rc;
	b[0] = (struct busy){ bi->kernel.addr, bi->kernel.addr + bi->kernel.size };
	b[1] = (struct busy){ bi->ramdisk.addr, bi->ramdisk.addr + bi->ramdisk.size };
	load = find_free(&map, k.pref > TWO_MB ? k.pref : 16 * 1024 * 1024, k.init_size, k.align,
			 b, 2);
	if (!load) {
		pr_err("linux_boot: no %llu MiB of free RAM for the kernel (init_size)\n",
		       (unsigned long long)(k.init_size >> 20));
		return -ENOMEM;
	}
	b[2] = (struct busy){ load, load + k.init_size };
	if (!(area = find_free(&map, 0x100000, BOOT_AREA, PAGE_SIZE, b, 3)))
		return -ENOMEM;
	memcpy(phys_to_virt(load), k.image + k.pm_offset, k.size - k.pm_offset);
	rsdp = dom0_acpi_view(bi, &map, area);
	if ((rc = fill_boot_params(bi, &k, &map, load, area, rsdp)))
		return rc;
	*e = (struct dom0_entry){ .eip = (uint32_t)load, .esi = (uint32_t)area,
				  .gdt_base = (uint32_t)(area + 3 * PAGE_SIZE), .gdt_limit = 31 };
	*top = 4ull << 30;
	for (unsigned i = 0; i < map.n; i++)
		if (map.e[i].addr + map.e[i].size > *top)
			*top = map.e[i].addr + map.e[i].size;
	printk("linux_boot: kernel at %#llx (init_size %llu MiB), boot_params at %#llx, "
	       "%u e820 entries\n", (unsigned long long)load,
	       (unsigned long long)(k.init_size >> 20), (unsigned long long)area, map.n);
	for (unsigned i = 0; i < map.n; i++)
		pr_debug("e820: [%#llx, %#llx) type %u\n", (unsigned long long)map.e[i].addr,
			 (unsigned long long)(map.e[i].addr + map.e[i].size), map.e[i].type);
	return 0;
}
