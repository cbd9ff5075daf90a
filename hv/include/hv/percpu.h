/* Per-CPU data, reached through %gs so it works from any context. */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include <stdint.h>

#define STACK_SIZE   (16 * 1024)
#define IST_SIZE     (8 * 1024)

struct percpu {
	struct percpu *self;           /* %gs:0 */
	uint64_t stack_top;            /* at 8: trampoline.S loads it */
	unsigned cpu;
	uint32_t apic_id;
	volatile uint64_t softirq_pending;
	volatile int online;
	volatile uint64_t tlb_flushed;  /* the last flush round it completed (tlb.c) */
	uint64_t ist_top[3];           /* NMI, #DF, #MC */
	/* Virtualization (hv/virt.h): set on the CPU that runs dom0. */
	int virt_enabled;
	int nmi_held;                  /* virt_nmi_hold() cleared GIF */
	volatile int runs_guest;       /* its APIC is dom0's: reach it by NMI only */
	void *guest;                   /* the vendor's vcpu */
	volatile uint32_t nmi_kicks;   /* why the hypervisor sent it an NMI (nmi.h) */
	volatile uint32_t nmi_guest;   /* dom0's own NMIs, to re-inject */
	volatile uint32_t nmi_unexpected;  /* counted in NMI context, reported later */
	uint8_t tss[104] __attribute__((aligned(16)));
	uint64_t gdt[8] __attribute__((aligned(16)));
};

extern struct percpu *percpu_of[CONFIG_NR_CPUS];
extern unsigned nr_cpus_online;

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

static inline unsigned smp_processor_id(void)
{
	return this_cpu()->cpu;
}

/* CPU0's static area, usable before the heap; stack_top is its boot stack. */
struct percpu *percpu_boot_cpu(uint64_t stack_top);
/* Allocate and zero CPU `cpu`'s data and stacks; NULL on failure. */
struct percpu *percpu_alloc(unsigned cpu, uint32_t apic_id);
/* Point %gs at it; done first thing on every CPU. */
void percpu_activate(struct percpu *p);

#endif
