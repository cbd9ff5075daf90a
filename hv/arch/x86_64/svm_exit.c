/*
 * dom0's #VMEXITs. Each handler either emulates the instruction and moves
 * RIP past it, or injects the fault real hardware would raise, or stops
 * dom0; none of them lets dom0 reach SVM state, the hypervisor's memory,
 * its serial port or its CPUs. QEMU TCG saves no next RIP and has no
 * decode assists: lengths come from the exit code or exit_info_2.
 */
#include <string.h>
#include <hv/apic.h>
#include <hv/errno.h>
#include <hv/hvmem.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/x86.h>
#include <public/hypercall.h>
#include "apic_guard.h"
#include "npt.h"
#include "svm.h"

#define MSR_APIC_BASE   0x1b
#define MSR_VM_CR       0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117
#define APIC_BASE_X2APIC (1ull << 10)
#define EFER_KNOWN      0x0000000000007d01ull   /* SCE LME LMA NXE SVME LMSLE FFXSR TCE */
#define VM_CR_DISABLED  0x18ull                 /* LOCK | SVMDIS */

static void skip(struct vcpu *v, unsigned len)
{
	VMCB_U64(v, VMCB_RIP) += len;
}

void svm_inject_exception(struct vcpu *v, unsigned vector, int has_err, uint32_t err)
{
	uint64_t ev = EVT_VALID | EVT_TYPE_EXC | (vector & 0xff);

	if (has_err)
		ev |= EVT_ERR_VALID | ((uint64_t)err << 32);
	VMCB_U64(v, VMCB_EVENTINJ) = ev;
}

/* ---- CPUID: the host's answers, minus what dom0 must not use ---- */

static void exit_cpuid(struct vcpu *v)
{
	uint32_t leaf = (uint32_t)VMCB_U64(v, VMCB_RAX), sub = (uint32_t)v->regs.rcx, r[4];

	cpuid(leaf, sub, r);
	switch (leaf) {
	case 1:
		r[2] &= ~((1u << 5) | (1u << 21) | (1u << 27));   /* VMX, x2APIC, OSXSAVE */
		if (VMCB_U64(v, VMCB_CR4) & (1u << 18))
			r[2] |= 1u << 27;
		r[2] |= 1u << 31;                                 /* running on a hypervisor */
		break;
	case 7:
		if (sub == 0)
			r[2] &= ~(1u << 16);                      /* LA57 */
		break;
	case 0x80000001:
		r[2] &= ~(1u << 2);                               /* SVM */
		break;
	case 0x8000000a:
		r[0] = r[1] = r[2] = r[3] = 0;
		break;
	case 0x40000000:
		r[0] = 0x40000000;
		memcpy(&r[1], HV_CPUID_SIGNATURE, 4);
		memcpy(&r[2], HV_CPUID_SIGNATURE + 4, 4);
		memcpy(&r[3], HV_CPUID_SIGNATURE + 8, 4);
		break;
	default:
		if (leaf > 0x40000000 && leaf < 0x40010000)
			r[0] = r[1] = r[2] = r[3] = 0;
	}
	VMCB_U64(v, VMCB_RAX) = r[0];
	v->regs.rbx = r[1];
	v->regs.rcx = r[2];
	v->regs.rdx = r[3];
	skip(v, 2);
}

/* ---- MSRs: only those build_msrpm() (svm.c) traps exit ---- */

static uint32_t msr_refusals;

static void refuse_msr_write(uint32_t msr, uint64_t val, const char *why)
{
	if (svm_log_allowed(&msr_refusals))
		pr_warn("svm: dom0 wrote MSR %#x = %#llx: ignored (%s)\n", msr,
			(unsigned long long)val, why);
}

/* 0, or -1 for #GP. */
static int msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = VMCB_U64(v, VMCB_EFER) & ~EFER_SVME;
		return 0;
	case MSR_VM_CR:
		*val = VM_CR_DISABLED;
		return 0;
	case MSR_VM_HSAVE_PA:
		*val = 0;
		return 0;
	case MSR_APIC_BASE:
		*val = rdmsr(msr) & ~APIC_BASE_X2APIC;
		return 0;
	}
	if (msr >= 0x800 && msr < 0x900)
		return -1;   /* x2APIC is hidden: its MSRs do not exist */
	*val = rdmsr(msr);   /* SYSCFG and the SMM MSRs read as they are */
	return 0;
}

static int msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_EFER:
		if (val & ~EFER_KNOWN)
			return -1;
		/* Linux's own EFER writes clear it too: it never knew SVME was set. */
		if (!(val & EFER_SVME) && svm_log_allowed(&msr_refusals))
			pr_warn("svm: dom0 wrote EFER %#llx without SVME: SVME kept set, "
				"hidden from dom0\n", (unsigned long long)val);
		VMCB_U64(v, VMCB_EFER) = val | EFER_SVME;
		return 0;
	case MSR_VM_CR:
	case MSR_VM_HSAVE_PA:
		refuse_msr_write(msr, val, "SVM state belongs to the hypervisor");
		return 0;
	case MSR_APIC_BASE:
		if ((val ^ rdmsr(msr)) & ~0x100ull)   /* anything but the BSP flag */
			refuse_msr_write(msr, val, "the APIC mode and base are fixed");
		return 0;
	}
	if (msr >= 0x800 && msr < 0x900)
		return -1;
	refuse_msr_write(msr, val, "system configuration and SMM are the hypervisor's");
	return 0;
}

static void exit_msr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.rcx;
	uint64_t val;

	if (VMCB_U64(v, VMCB_EXITINFO1) & 1) {
		val = (VMCB_U64(v, VMCB_RAX) & 0xffffffffull) | (v->regs.rdx << 32);
		if (msr_write(v, msr, val)) {
			svm_inject_exception(v, 13, 1, 0);
			return;
		}
	} else {
		if (msr_read(v, msr, &val)) {
			svm_inject_exception(v, 13, 1, 0);
			return;
		}
		VMCB_U64(v, VMCB_RAX) = (uint32_t)val;
		v->regs.rdx = val >> 32;
	}
	skip(v, 2);
}

/* ---- I/O: only the hypervisor's serial port is trapped ---- */

static uint32_t io_refusals;

static void exit_ioio(struct vcpu *v)
{
	uint64_t info = VMCB_U64(v, VMCB_EXITINFO1);
	unsigned port = (unsigned)(info >> 16), size = (unsigned)((info >> 4) & 7);

	if (svm_log_allowed(&io_refusals))
		pr_warn("svm: dom0 %s port %#x (the hypervisor's serial port): %s\n",
			(info & 1) ? "read" : "wrote", port,
			(info & 1) ? "reads as 0xff" : "dropped");
	if ((info & 1) && !(info & 4)) {   /* IN: all ones, as an absent device */
		uint64_t mask = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffull;

		VMCB_U64(v, VMCB_RAX) |= mask;
	}
	if (info & 8)                      /* REP INS/OUTS: the whole count is consumed */
		v->regs.rcx = 0;
	VMCB_U64(v, VMCB_RIP) = VMCB_U64(v, VMCB_EXITINFO2);
}

/* ---- VMMCALL: hypercalls from dom0's kernel ---- */

static void exit_vmmcall(struct vcpu *v)
{
	struct hypercall_args a = {
		.op = VMCB_U64(v, VMCB_RAX),
		.arg = { v->regs.rdi, v->regs.rsi, v->regs.rdx, v->regs.r10, v->regs.r8 },
	};
	long rc;

	if (VMCB_U8(v, VMCB_CPL) != 0)
		rc = -EPERM;
	else
		rc = hypercall_dispatch(&a);
	VMCB_U64(v, VMCB_RAX) = (uint64_t)rc;
	skip(v, 3);
}

/* ---- nested page faults ---- */

static uint32_t hvmem_touches;
static uint64_t scratch_pa;

/*
 * dom0 reached a frame the hypervisor owns (through /dev/mem, say): back
 * it with one scratch page, so dom0 reads nothing of ours and its writes
 * land nowhere that matters, and let it carry on.
 */
static int back_with_scratch(uint64_t gpa)
{
	if (!scratch_pa && !(scratch_pa = alloc_pages(1, 1)))
		return -1;
	return npt_map_4k(gpa & ~(PAGE_SIZE - 1), scratch_pa, NPT_W);
}

static void stop_dom0(struct vcpu *v, const char *why);

static void exit_npf(struct vcpu *v)
{
	uint64_t gpa = VMCB_U64(v, VMCB_EXITINFO2), err = VMCB_U64(v, VMCB_EXITINFO1);

	if ((err & 1) && (err & 2) && apic_guard_owns(gpa)) {
		if (apic_guard_write(v, gpa))
			stop_dom0(v, "an xAPIC write it could not emulate");
		return;
	}
	if (hvmem_owns(gpa)) {
		if (svm_log_allowed(&hvmem_touches))
			pr_warn("svm: dom0 %s hypervisor memory at %#llx (rip %#llx): "
				"backed by a scratch page\n", (err & 2) ? "wrote" : "read",
				(unsigned long long)gpa, (unsigned long long)VMCB_U64(v, VMCB_RIP));
		if (back_with_scratch(gpa))
			stop_dom0(v, "no memory for a scratch page");
		VMCB_U8(v, VMCB_TLB_CONTROL) = 1;
		return;
	}
	if (!(err & 1)) {
		/* Beyond the identity map built at start (MMIO high up): map it now. */
		if (npt_map_4k(gpa, gpa, NPT_W))
			stop_dom0(v, "no memory for nested page tables");
		return;
	}
	pr_err("svm: nested page fault at %#llx, error %#llx, rip %#llx\n",
	       (unsigned long long)gpa, (unsigned long long)err,
	       (unsigned long long)VMCB_U64(v, VMCB_RIP));
	stop_dom0(v, "an unexpected nested page fault");
}

/* ---- stopping dom0 ---- */

static void dump_guest(struct vcpu *v)
{
	pr_err("dom0 state: rip %#llx rsp %#llx rflags %#llx cpl %u\n",
	       (unsigned long long)VMCB_U64(v, VMCB_RIP), (unsigned long long)VMCB_U64(v, VMCB_RSP),
	       (unsigned long long)VMCB_U64(v, VMCB_RFLAGS), VMCB_U8(v, VMCB_CPL));
	pr_err("dom0 state: cr0 %#llx cr3 %#llx cr4 %#llx efer %#llx cr2 %#llx\n",
	       (unsigned long long)VMCB_U64(v, VMCB_CR0), (unsigned long long)VMCB_U64(v, VMCB_CR3),
	       (unsigned long long)VMCB_U64(v, VMCB_CR4), (unsigned long long)VMCB_U64(v, VMCB_EFER),
	       (unsigned long long)VMCB_U64(v, VMCB_CR2));
	pr_err("dom0 state: cs %#x exitcode %#llx info1 %#llx info2 %#llx intinfo %#llx\n",
	       *(uint16_t *)(v->vmcb + VMCB_CS), (unsigned long long)VMCB_U64(v, VMCB_EXITCODE),
	       (unsigned long long)VMCB_U64(v, VMCB_EXITINFO1),
	       (unsigned long long)VMCB_U64(v, VMCB_EXITINFO2),
	       (unsigned long long)VMCB_U64(v, VMCB_EXITINTINFO));
}

/*
 * dom0 is gone, the hypervisor is not: CPU0 takes its APIC back and idles
 * like the others, so live patching keeps working on every CPU.
 */
static void stop_dom0(struct vcpu *v, const char *why)
{
	pr_err("svm: dom0 stopped: %s\n", why);
	dump_guest(v);
	__atomic_store_n(&this_cpu()->runs_guest, 0, __ATOMIC_RELEASE);
	apic_init_cpu();
	apic_timer_start(10);
	printk("svm: CPU0 is back in the hypervisor's idle loop\n");
	idle_loop();
}

/* ---- dispatch ---- */

static uint32_t ignored_exits;

static void exit_ignored(struct vcpu *v, uint64_t code)
{
	if (svm_log_allowed(&ignored_exits))
		pr_warn("svm: dom0 exit %#llx at rip %#llx: ignored\n", (unsigned long long)code,
			(unsigned long long)VMCB_U64(v, VMCB_RIP));
}

/* Events cut short by the exit are delivered again on the next entry. */
static void requeue_events(struct vcpu *v)
{
	uint64_t pending = VMCB_U64(v, VMCB_EXITINTINFO);

	VMCB_U64(v, VMCB_EVENTINJ) = (pending & EVT_VALID) ? pending : 0;
	VMCB_U8(v, VMCB_TLB_CONTROL) = 0;
}

static void deliver_guest_nmi(struct vcpu *v)
{
	struct percpu *p = this_cpu();

	if (!p->nmi_guest || (VMCB_U64(v, VMCB_EVENTINJ) & EVT_VALID))
		return;
	__atomic_fetch_sub(&p->nmi_guest, 1, __ATOMIC_RELAXED);
	VMCB_U64(v, VMCB_EVENTINJ) = EVT_VALID | EVT_TYPE_NMI | 2;
}

void svm_handle_exit(struct vcpu *v)
{
	uint64_t code = VMCB_U64(v, VMCB_EXITCODE);

	/* The host state is back (svm_entry.S): NMIs held since the exit come now. */
	__asm__ volatile("stgi" ::: "memory");
	v->exits++;
	requeue_events(v);
	switch ((uint32_t)code) {
	case EXIT_NMI:
		break;   /* taken by the host's NMI handler at stgi */
	case EXIT_CPUID:
		exit_cpuid(v);
		break;
	case EXIT_MSR:
		exit_msr(v);
		break;
	case EXIT_IOIO:
		exit_ioio(v);
		break;
	case EXIT_VMMCALL:
		exit_vmmcall(v);
		break;
	case EXIT_NPF:
		exit_npf(v);
		break;
	case EXIT_INIT:
		exit_ignored(v, code);   /* an INIT would reset the hypervisor's CPU */
		break;
	case EXIT_VMRUN: case EXIT_VMLOAD: case EXIT_VMSAVE: case EXIT_STGI: case EXIT_CLGI:
	case EXIT_SKINIT: case EXIT_INVLPGA:
		svm_inject_exception(v, 6, 0, 0);   /* SVM is hidden: #UD */
		break;
	case EXIT_SHUTDOWN:
		stop_dom0(v, "triple fault (shutdown)");
		break;
	case EXIT_INVALID:
		stop_dom0(v, "VMRUN refused its state (invalid VMCB)");
		break;
	default:
		pr_err("svm: unexpected exit %#llx\n", (unsigned long long)code);
		stop_dom0(v, "an exit the hypervisor does not handle");
	}
	deliver_guest_nmi(v);
}
