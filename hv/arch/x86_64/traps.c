/*
 * Exceptions and interrupts after the entry stubs: interrupts go to their
 * registered handler; an exception prints the registers and a symbolized
 * backtrace, then stops the hypervisor, except the deliberate #UD of
 * trap_test=1, which is stepped over so the tests can see boot go on.
 */
#include <hv/apic.h>
#include <hv/paging.h>
#include <hv/printk.h>
#include <hv/symbols.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include "nmi.h"

void trap_handler(struct cpu_regs *regs);

static irq_handler_t handlers[256];
extern char trap_test_insn[];

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM no FPU", "#DF double fault",
	"coprocessor overrun", "#TS invalid TSS", "#NP not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved", "#MF x87", "#AC alignment",
	"#MC machine check", "#XM SIMD", "#VE virtualization", "#CP control protection",
};

void irq_register(unsigned vector, irq_handler_t h)
{
	handlers[vector & 255] = h;
}

static void print_symbol(const char *what, uint64_t addr)
{
	uint64_t off, size;
	const char *payload, *name = symbols_lookup(addr, &off, &size, &payload);

	if (!name)
		printk("   %s [<%016llx>] ?\n", what, (unsigned long long)addr);
	else if (payload)
		printk("   %s [<%016llx>] %s+%#llx/%#llx [%s]\n", what, (unsigned long long)addr,
		       name, (unsigned long long)off, (unsigned long long)size, payload);
	else
		printk("   %s [<%016llx>] %s+%#llx/%#llx\n", what, (unsigned long long)addr, name,
		       (unsigned long long)off, (unsigned long long)size);
}

/*
 * Frames grow upwards through one stack, starting above the interrupted
 * stack pointer; a frame pointer that leaves it, or whose two words are not
 * mapped, ends the walk instead of faulting inside the fault handler.
 */
static int plausible_frame(uint64_t rbp, uint64_t below)
{
	return rbp >= below && rbp - below < 64 * 1024 && !(rbp & 7) &&
	       paging_virt_to_phys(rbp) && paging_virt_to_phys(rbp + 8);
}

static void show_backtrace(uint64_t rip, uint64_t rsp, uint64_t rbp)
{
	printk("hv call trace:\n");
	print_symbol("", rip);
	for (int depth = 0; depth < 32 && plausible_frame(rbp, rsp); depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;

		if (!frame[1])
			break;
		print_symbol("", frame[1]);
		rsp = rbp + 16;
		rbp = frame[0];
	}
}

/*
 * A vector nobody registered: left un-EOI'd, its in-service bit would block
 * every lower-priority vector (the tick, kicks) on this CPU for good.
 * Reported once per vector so a storm cannot flood the console.
 */
static void unexpected_irq(unsigned vector)
{
	static uint64_t reported[256 / 64];
	uint64_t bit = 1ull << (vector % 64);

	if (vector == VEC_SPURIOUS)
		return;   /* spurious interrupts set no in-service bit: no EOI */
	if (!(__atomic_fetch_or(&reported[vector / 64], bit, __ATOMIC_RELAXED) & bit))
		pr_warn("traps: CPU%u: interrupt vector %#x has no handler; acknowledged\n",
			smp_processor_id(), vector);
	apic_eoi();
}

static void dump_regs(const struct cpu_regs *r)
{
	printk("----[ hv exception: %s (vector %llu) error %#llx on CPU %u ]----\n",
	       r->vector < 32 && names[r->vector] ? names[r->vector] : "unknown",
	       (unsigned long long)r->vector, (unsigned long long)r->error, smp_processor_id());
	print_symbol("RIP:", r->rip);
	printk("RFLAGS: %016llx  CS: %04llx  SS: %04llx  CR2: %016llx\n",
	       (unsigned long long)r->rflags, (unsigned long long)r->cs,
	       (unsigned long long)r->ss, (unsigned long long)read_cr2());
	printk("rax: %016llx rbx: %016llx rcx: %016llx\n", (unsigned long long)r->rax,
	       (unsigned long long)r->rbx, (unsigned long long)r->rcx);
	printk("rdx: %016llx rsi: %016llx rdi: %016llx\n", (unsigned long long)r->rdx,
	       (unsigned long long)r->rsi, (unsigned long long)r->rdi);
	printk("rbp: %016llx rsp: %016llx r8:  %016llx\n", (unsigned long long)r->rbp,
	       (unsigned long long)r->rsp, (unsigned long long)r->r8);
	printk("r9:  %016llx r10: %016llx r11: %016llx\n", (unsigned long long)r->r9,
	       (unsigned long long)r->r10, (unsigned long long)r->r11);
	printk("r12: %016llx r13: %016llx r14: %016llx r15: %016llx\n",
	       (unsigned long long)r->r12, (unsigned long long)r->r13,
	       (unsigned long long)r->r14, (unsigned long long)r->r15);
}

void trap_handler(struct cpu_regs *regs)
{
	if (regs->vector == 2) {
		nmi_handler(regs);
		return;
	}
	if (regs->vector >= 32) {
		if (handlers[regs->vector])
			handlers[regs->vector](regs);
		else
			unexpected_irq((unsigned)regs->vector);
		return;
	}
	dump_regs(regs);
	show_backtrace(regs->rip, regs->rsp, regs->rbp);
	if (regs->vector == 6 && regs->rip == (uint64_t)trap_test_insn) {
		printk("trap_test: deliberate #UD handled, continuing\n");
		regs->rip += 2;
		return;
	}
	panic("fatal exception %llu\n", (unsigned long long)regs->vector);
}

/* noinline, two levels: the backtrace must show a real call chain. */
static __attribute__((noinline)) void trap_test_fire(void)
{
	printk("trap_test: raising #UD on purpose\n");
	__asm__ volatile(".globl trap_test_insn\n"
			 "trap_test_insn: ud2" ::: "memory");
}

__attribute__((noinline)) void trap_test(void)
{
	trap_test_fire();
	__asm__ volatile("" ::: "memory");   /* keep the call a call, not a jump */
}
