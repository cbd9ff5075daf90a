/*
 * The xAPIC page is read-only in dom0's nested tables: every store exits,
 * is decoded here (TCG has no decode assists) and replayed, except an IPI
 * that would reach another CPU (all of them are the hypervisor's) or
 * reset this one (INIT, SIPI, SMI), which is dropped and logged. dom0
 * writes the ICR's high half into a shadow: the hypervisor shares the ICR
 * on CPU0 and may send between dom0's two writes.
 */
#include <string.h>
#include <hv/apic.h>
#include <hv/guest_mem.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include "apic_guard.h"
#include "npt.h"
#include "svm.h"

#define APIC_ID      0x020
#define APIC_LDR     0x0d0
#define APIC_ICR_LO  0x300
#define APIC_ICR_HI  0x310
#define ICR_LOGICAL  (1u << 11)

static uint64_t apic_page;
static uint32_t icr_hi_shadow;
static uint32_t dropped_ipis;

int apic_guard_init(void)
{
	apic_page = apic_base_pa();
	return npt_map_4k(apic_page, apic_page, NPT_R);
}

bool apic_guard_owns(uint64_t gpa)
{
	return apic_page && (gpa & ~0xfffull) == apic_page;
}

/* ---- reading dom0's instruction ---- */

/* Guest-linear to guest-physical through dom0's own page tables (long mode or none). */
static int guest_linear_to_phys(struct vcpu *v, uint64_t la, uint64_t *gpa)
{
	uint64_t cr0 = VMCB_U64(v, VMCB_CR0), e = VMCB_U64(v, VMCB_CR3) & 0x000ffffffffff000ull;

	if (!(cr0 & (1u << 31))) {
		*gpa = la & 0xffffffffull;
		return 0;
	}
	if (!(VMCB_U64(v, VMCB_EFER) & (1u << 10)))
		return -1;   /* 32-bit paging: Linux never writes the APIC from there */
	for (int level = 4; level >= 1; level--) {
		uint64_t pte;

		if (guest_copy_from(&pte, e + ((la >> (12 + 9 * (level - 1))) & 511) * 8, 8) ||
		    !(pte & 1))
			return -1;
		if (level == 1 || (level <= 3 && (pte & 0x80))) {
			uint64_t mask = (1ull << (12 + 9 * (level - 1))) - 1;

			*gpa = ((pte & 0x000ffffffffff000ull) & ~mask) | (la & mask);
			return 0;
		}
		e = pte & 0x000ffffffffff000ull;
	}
	return -1;
}

static int fetch_insn(struct vcpu *v, uint8_t *buf, unsigned len)
{
	uint64_t rip = VMCB_U64(v, VMCB_RIP) + *(uint64_t *)(v->vmcb + VMCB_CS + 8), gpa;

	for (unsigned i = 0; i < len; i++)
		if (guest_linear_to_phys(v, rip + i, &gpa) || guest_copy_from(&buf[i], gpa, 1))
			return -1;
	return 0;
}

static uint64_t *gpr(struct vcpu *v, unsigned n)
{
	uint64_t *regs[16] = {
		(uint64_t *)(v->vmcb + VMCB_RAX), &v->regs.rcx, &v->regs.rdx, &v->regs.rbx,
		(uint64_t *)(v->vmcb + VMCB_RSP), &v->regs.rbp, &v->regs.rsi, &v->regs.rdi,
		&v->regs.r8, &v->regs.r9, &v->regs.r10, &v->regs.r11,
		&v->regs.r12, &v->regs.r13, &v->regs.r14, &v->regs.r15,
	};

	return regs[n & 15];
}

struct store {
	unsigned len;        /* instruction length */
	uint32_t value;
	uint64_t *xchg_reg;  /* xchg: receives the old value */
};

/* Bytes of ModRM + SIB + displacement for a memory operand. */
static unsigned modrm_len(const uint8_t *p)
{
	unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;

	if (rm == 4)
		n++;
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && rm == 5) || (mod == 0 && rm == 4 && (p[1] & 7) == 5))
		n += 4;
	return n;
}

/* The stores Linux uses on the APIC: mov r32 to m32, mov imm32 to m32, xchg. */
static int decode_store(struct vcpu *v, struct store *s)
{
	uint8_t b[15];
	unsigned i = 0, rex = 0;

	if (fetch_insn(v, b, sizeof(b)))
		return -1;
	while (i < 4 && (b[i] == 0x3e || b[i] == 0x2e || b[i] == 0x26 || b[i] == 0x36 ||
			 b[i] == 0x64 || b[i] == 0x65 || b[i] == 0xf0))
		i++;
	if ((b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if ((b[i] == 0x89 || b[i] == 0x87) && (b[i + 1] >> 6) != 3) {
		unsigned reg = ((b[i + 1] >> 3) & 7) | ((rex & 4) ? 8 : 0);

		s->value = (uint32_t)*gpr(v, reg);
		s->xchg_reg = b[i] == 0x87 ? gpr(v, reg) : NULL;
		s->len = i + 1 + modrm_len(&b[i + 1]);
		return 0;
	}
	if (b[i] == 0xc7 && ((b[i + 1] >> 3) & 7) == 0 && (b[i + 1] >> 6) != 3) {
		unsigned at = i + 1 + modrm_len(&b[i + 1]);

		if (at + 4 > sizeof(b))
			return -1;
		memcpy(&s->value, &b[at], 4);
		s->xchg_reg = NULL;
		s->len = at + 4;
		return 0;
	}
	pr_err("apic_guard: cannot decode dom0's store %02x %02x %02x %02x at rip %#llx\n", b[0],
	       b[1], b[2], b[3], (unsigned long long)VMCB_U64(v, VMCB_RIP));
	return -1;
}

/* ---- the ICR ---- */

/*
 * dom0 runs on one CPU: an IPI may only ever target itself. Fixed and NMI
 * IPIs to itself are sent as physical, no-shorthand IPIs to its own APIC
 * id; everything else is dropped.
 */
static void icr_write(uint32_t lo)
{
	uint32_t self = this_cpu()->apic_id, mode = (lo >> 8) & 7, shorthand = (lo >> 18) & 3;
	uint32_t dest = icr_hi_shadow >> 24;
	int to_self;

	if (shorthand == 1 || shorthand == 2)
		to_self = 1;
	else if (shorthand == 3)
		to_self = 0;
	else if (lo & ICR_LOGICAL)
		to_self = dest == (apic_reg_read(APIC_LDR) >> 24) && dest;
	else
		to_self = dest == self;
	if (to_self && (mode == 0 || mode == 1 || mode == 4)) {
		apic_send_icr(self << 24, lo & ~((3u << 18) | ICR_LOGICAL));
		return;
	}
	if (svm_log_allowed(&dropped_ipis))
		pr_warn("apic_guard: dom0 IPI dropped (ICR %#x, destination %#x): "
			"the other CPUs and this one's reset belong to the hypervisor\n", lo,
			icr_hi_shadow);
}

int apic_guard_write(struct vcpu *v, uint64_t gpa)
{
	unsigned reg = (unsigned)(gpa & 0xff0);
	struct store s;

	if (decode_store(v, &s))
		return -1;
	if (s.xchg_reg)
		*s.xchg_reg = reg == APIC_ICR_HI ? icr_hi_shadow : apic_reg_read(reg);
	if (reg == APIC_ID) {
		/* The hypervisor reaches CPU0 by its APIC id (NMI kicks): fixed. */
		if (svm_log_allowed(&dropped_ipis))
			pr_warn("apic_guard: dom0 wrote APIC ID %#x: dropped\n", s.value);
	} else if (reg == APIC_ICR_HI)
		icr_hi_shadow = s.value;
	else if (reg == APIC_ICR_LO)
		icr_write(s.value);
	else
		apic_reg_write(reg, s.value);
	VMCB_U64(v, VMCB_RIP) += s.len;
	return 0;
}
