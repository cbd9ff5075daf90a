/*
 * AP bring-up with INIT-SIPI-SIPI through the real-mode trampoline, one
 * CPU at a time: the trampoline takes its per-CPU area (and with it its
 * stack) from a single global slot, and a CPU that never answers must not
 * leave another one waiting on it.
 */
#include <stddef.h>
#include <string.h>
#include <hv/acpi.h>
#include <hv/apic.h>
#include <hv/errno.h>
#include <hv/hvmem.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/virt.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/traps.h>

#define AP_TIMEOUT_US 1000000

extern const char trampoline_start[], trampoline_end[];
extern uint32_t trampoline_cr3;
/* The area of the CPU being started; the trampoline takes it with xchg. */
struct percpu *ap_boot_percpu;

_Static_assert(offsetof(struct percpu, stack_top) == 8, "trampoline.S reads 8(%rdi)");

void smp_ap_main(struct percpu *p);

void smp_ap_main(struct percpu *p)
{
	percpu_activate(p);
	desc_load(p);
	virt_cpu_enable();   /* for the NMI hold around text writes */
	apic_init_cpu();
	/* A late CPU may have claimed the area meant for the next one. */
	p->apic_id = apic_id();
	apic_timer_start(10);
	__atomic_add_fetch(&nr_cpus_online, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&p->online, 1, __ATOMIC_RELEASE);
	printk("CPU%u: up (APIC id %u)\n", p->cpu, p->apic_id);
	__asm__ volatile("sti");
	idle_loop();
}

static int install_trampoline(uint64_t page)
{
	size_t len = (size_t)(trampoline_end - trampoline_start);
	uint8_t *dst = phys_to_virt(page);

	if (!page || page >= 0x100000 || len > PAGE_SIZE) {
		pr_err("smp: no usable trampoline page (%#llx)\n", (unsigned long long)page);
		return -ENODEV;
	}
	if (paging_root() >= (1ull << 32)) {
		pr_err("smp: page tables above 4 GiB cannot be loaded in 32-bit mode\n");
		return -ERANGE;
	}
	/* APs could be restarted through it: dom0 must never write it. */
	hvmem_claim(page, page + PAGE_SIZE, "AP trampoline");
	memcpy(dst, trampoline_start, len);
	*(uint32_t *)(dst + ((const char *)&trampoline_cr3 - trampoline_start)) =
		(uint32_t)paging_root();
	return paging_identity_exec(page);
}

static int wait_online(const struct percpu *p)
{
	for (uint64_t waited = 0; waited < AP_TIMEOUT_US; waited += 100) {
		if (__atomic_load_n(&p->online, __ATOMIC_ACQUIRE))
			return 1;
		udelay(100);
	}
	return __atomic_load_n(&p->online, __ATOMIC_ACQUIRE);
}

static void start_one(unsigned cpu, uint32_t id, uint64_t page)
{
	struct percpu *p = percpu_alloc(cpu, id);
	int rc;

	if (!p)
		return;
	__atomic_store_n(&ap_boot_percpu, p, __ATOMIC_RELEASE);
	rc = apic_start_ap(id, page);
	if (!rc && wait_online(p))
		return;
	/* Empty the slot; if the CPU took it meanwhile, it runs on p and gets more time. */
	if (!__atomic_exchange_n(&ap_boot_percpu, NULL, __ATOMIC_ACQ_REL) && wait_online(p))
		return;
	if (rc)
		pr_err("smp: CPU%u (APIC id %u): start-up IPIs failed\n", cpu, id);
	else
		pr_err("smp: CPU%u (APIC id %u) did not come up in %u ms\n", cpu, id,
		       AP_TIMEOUT_US / 1000);
}

void smp_init(const struct hv_bootinfo *bi)
{
	uint32_t ids[CONFIG_NR_CPUS], self = apic_id();
	int n = acpi_cpu_apic_ids(bi->rsdp, ids, CONFIG_NR_CPUS);
	unsigned cpu = 1;

	if (n <= 1 || install_trampoline(bi->trampoline)) {
		printk("smp: running on 1 CPU\n");
		return;
	}
	for (int i = 0; i < n; i++)
		if (ids[i] != self)
			start_one(cpu++, ids[i], bi->trampoline);
	printk("smp: %u of %d CPUs online\n", nr_cpus_online, n);
}
