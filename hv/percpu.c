/* Per-CPU areas, their stacks and the %gs base that finds them. */
#include <string.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/x86.h>

struct percpu *percpu_of[CONFIG_NR_CPUS];
unsigned nr_cpus_online;

/*
 * CPU0's area and IST stacks are static so the BSP has its GDT, TSS and
 * IDT before the heap exists: an early fault then prints instead of
 * triple-faulting through the firmware's stale IDT.
 */
static struct percpu boot_cpu;
static uint8_t boot_ist[3][IST_SIZE] __attribute__((aligned(16)));

struct percpu *percpu_boot_cpu(uint64_t stack_top)
{
	boot_cpu.self = &boot_cpu;
	boot_cpu.stack_top = stack_top;
	for (int i = 0; i < 3; i++)
		boot_cpu.ist_top[i] = (uint64_t)boot_ist[i] + IST_SIZE;
	percpu_of[0] = &boot_cpu;
	return &boot_cpu;
}

static uint64_t alloc_stack(uint64_t size)
{
	uint64_t pa = alloc_pages(size / PAGE_SIZE, 1);

	return pa ? (uint64_t)phys_to_virt(pa) + size : 0;
}

struct percpu *percpu_alloc(unsigned cpu, uint32_t apic_id)
{
	struct percpu *p;

	if (cpu >= CONFIG_NR_CPUS) {
		pr_err("percpu: CPU %u is beyond CONFIG_NR_CPUS %u\n", cpu, CONFIG_NR_CPUS);
		return NULL;
	}
	p = xzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->self = p;
	p->cpu = cpu;
	p->apic_id = apic_id;
	p->stack_top = alloc_stack(STACK_SIZE);
	for (int i = 0; i < 3; i++)
		p->ist_top[i] = alloc_stack(IST_SIZE);
	if (!p->stack_top || !p->ist_top[0] || !p->ist_top[1] || !p->ist_top[2]) {
		pr_err("percpu: no memory for the stacks of CPU %u\n", cpu);
		return NULL;
	}
	percpu_of[cpu] = p;
	return p;
}

void percpu_activate(struct percpu *p)
{
	wrmsr(MSR_GS_BASE, (uint64_t)p);
}
