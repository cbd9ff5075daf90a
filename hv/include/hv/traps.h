/* Descriptor tables, exceptions and interrupt dispatch. */
#ifndef HV_TRAPS_H
#define HV_TRAPS_H

#include <stdint.h>
#include <hv/percpu.h>

struct cpu_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define VEC_TIMER    0x20
#define VEC_KICK     0xf0
#define VEC_FLUSH    0xf1
#define VEC_SPURIOUS 0xff

/* GDT, TSS (with IST stacks) and IDT for the calling CPU. */
void desc_load(struct percpu *p);
void idt_init(void);
typedef void (*irq_handler_t)(struct cpu_regs *regs);
void irq_register(unsigned vector, irq_handler_t h);
/* Deliberately take a #UD and survive it (trap_test=1). */
void trap_test(void);

#endif
