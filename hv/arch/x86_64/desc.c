/*
 * GDT, TSS and IDT. Each CPU has its own GDT and TSS (the TSS holds its
 * IST stacks: NMI, #DF and #MC must run on a known-good stack even when
 * the current one is not); the IDT is shared.
 */
#include <string.h>
#include <hv/traps.h>

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS  0x18

struct gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(16)));
extern const uint64_t trap_stubs[256];   /* entry.S */

static void set_gate(unsigned v, uint64_t handler, unsigned ist)
{
	idt[v] = (struct gate){
		.off_lo = (uint16_t)handler, .sel = SEL_CODE, .ist = (uint8_t)ist,
		.type = 0x8e, .off_mid = (uint16_t)(handler >> 16),
		.off_hi = (uint32_t)(handler >> 32),
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, trap_stubs[v], 0);
	set_gate(2, trap_stubs[2], 1);     /* NMI */
	set_gate(8, trap_stubs[8], 2);     /* #DF */
	set_gate(18, trap_stubs[18], 3);   /* #MC */
}

static void fill_tss(struct percpu *p)
{
	uint8_t *t = p->tss;

	memset(t, 0, sizeof(p->tss));
	memcpy(t + 4, &p->stack_top, 8);            /* RSP0 */
	for (int i = 0; i < 3; i++)
		memcpy(t + 36 + 8 * i, &p->ist_top[i], 8);
	*(uint16_t *)(t + 102) = sizeof(p->tss);    /* no I/O bitmap */
}

static void fill_gdt(struct percpu *p)
{
	uint64_t base = (uint64_t)p->tss, limit = sizeof(p->tss) - 1;

	p->gdt[0] = 0;
	p->gdt[1] = 0x00af9a000000ffffull;   /* 64-bit code, DPL 0 */
	p->gdt[2] = 0x00cf92000000ffffull;   /* data */
	p->gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
		    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	p->gdt[4] = base >> 32;
}

void desc_load(struct percpu *p)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed))
		gdtr = { sizeof(p->gdt) - 1, (uint64_t)p->gdt },
		idtr = { sizeof(idt) - 1, (uint64_t)idt };

	fill_tss(p);
	fill_gdt(p);
	__asm__ volatile("lgdt %0\n\t"
			 "mov %1, %%ds\n\tmov %1, %%es\n\tmov %1, %%ss\n\t"
			 "xor %%eax, %%eax\n\tmov %%ax, %%fs\n\t"
			 "pushq %2\n\t"
			 "lea 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "ltr %w3\n\t"
			 "lidt %4"
			 :: "m"(gdtr), "r"(SEL_DATA), "i"(SEL_CODE), "r"(SEL_TSS), "m"(idtr)
			 : "rax", "memory");
}
