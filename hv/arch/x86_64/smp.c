/*
 * AP bring-up with INIT-SIPI-SIPI through the real-mode trampoline, one
 * CPU at a time: the trampoline takes its stack from a single global, and
 * a CPU that never answers must not leave another one waiting on it.
 */
#include <string.h>
#include <hv/acpi.h>
#include <hv/apic.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/time.h>
#include <hv/traps.h>

#define AP_TIMEOUT_US 1000000

extern const char trampoline_start[], trampoline_end[];
extern uint32_t trampoline_cr3;
uint64_t ap_boot_stack;
struct percpu *ap_boot_percpu;

void smp_ap_main(struct percpu *p);

void smp_ap_main(struct percpu *p)
{
	percpu_activate(p);
	desc_load(p);
	apic_init_cpu();
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
	memcpy(dst, trampoline_start, len);
	*(uint32_t *)(dst + ((const char *)&trampoline_cr3 - trampoline_start)) =
		(uint32_t)paging_root();
	return paging_identity_exec(page);
}

static void start_one(unsigned cpu, uint32_t id, uint64_t page)
{
	struct percpu *p = percpu_alloc(cpu, id);
	uint64_t waited = 0;

	if (!p)
		return;
	ap_boot_percpu = p;
	ap_boot_stack = p->stack_top;
	if (apic_start_ap(id, page)) {
		pr_err("smp: CPU%u (APIC id %u): start-up IPIs failed\n", cpu, id);
		return;
	}
	while (!__atomic_load_n(&p->online, __ATOMIC_ACQUIRE) && waited < AP_TIMEOUT_US) {
		udelay(100);
		waited += 100;
	}
	if (!p->online)
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
