/*
 * AMD SVM: detection, enabling per CPU, and dom0's VMCB. dom0 starts in
 * Linux's 32-bit boot state (flat protected mode, paging off) on nested
 * page tables that map its memory 1:1 and leave the hypervisor's out.
 * The exits are handled in svm_exit.c, the VMRUN loop is svm_entry.S.
 */
#include <string.h>
#include <hv/apic.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/virt.h>
#include <hv/x86.h>
#include "apic_guard.h"
#include "npt.h"
#include "svm.h"

#define MSR_VM_CR       0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117
#define VM_CR_SVMDIS    (1u << 4)
#define GUEST_PAT       0x0007040600070406ull
#define DOM0_ASID       1          /* QEMU refuses ASID 0 for a guest */

static struct vcpu dom0_vcpu;
static uint8_t *msrpm, *iopm;
static int svm_usable;

static int probe(void)
{
	uint32_t r[4];

	cpuid(0x80000000, 0, r);
	if (r[0] < 0x8000000a)
		goto none;
	cpuid(0x80000001, 0, r);
	if (!(r[2] & (1u << 2)))
		goto none;
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		pr_err("svm: disabled by the firmware (VM_CR.SVMDIS); dom0 cannot run\n");
		return -ENODEV;
	}
	cpuid(0x8000000a, 0, r);
	if (!(r[3] & 1)) {
		pr_err("svm: no nested paging on this CPU; dom0 cannot run\n");
		return -ENODEV;
	}
	printk("svm: revision %u, %u ASIDs, features %#x (NPT%s%s)\n", r[0] & 0xff, r[1], r[3],
	       (r[3] & (1u << 16)) ? ", VGIF" : "", (r[3] & (1u << 3)) ? ", next-RIP" : "");
	svm_usable = 1;
	return 0;
none:
	pr_err("svm: this CPU has no AMD SVM (run QEMU with -cpu qemu64,+svm,+npt); dom0 cannot run\n");
	return -ENODEV;
}

int virt_probe(void)
{
	static int rc = 1;

	if (rc == 1)
		rc = probe();
	return rc;
}

static uint64_t page_pa(uint64_t n)
{
	return alloc_pages(n, 1);
}

int virt_cpu_enable(void)
{
	uint64_t hsave;

	if (!svm_usable)
		return -ENODEV;
	if (rdmsr(MSR_EFER) & EFER_SVME)
		return 0;
	if (!(hsave = page_pa(1))) {
		pr_err("svm: CPU%u: no page for the host save area\n", smp_processor_id());
		return -ENOMEM;
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, hsave);
	this_cpu()->virt_enabled = 1;
	return 0;
}

/* Two bits per MSR (read, write) in three 2 KiB blocks. */
static void msr_intercept(uint32_t msr)
{
	uint32_t base, idx;

	if (msr < 0x2000)
		base = 0, idx = msr;
	else if (msr - 0xc0000000u < 0x2000)
		base = 0x800, idx = msr - 0xc0000000u;
	else if (msr - 0xc0010000u < 0x2000)
		base = 0x1000, idx = msr - 0xc0010000u;
	else
		return;
	msrpm[base + idx / 4] |= (uint8_t)(3u << ((idx % 4) * 2));
}

/*
 * The MSRs that reach SVM state, the APIC mode or SMM: dom0 could leave
 * the hypervisor's control through any of them (svm_exit.c emulates).
 */
static void build_msrpm(void)
{
	static const uint32_t trapped[] = {
		MSR_EFER, MSR_VM_CR, MSR_VM_HSAVE_PA, 0x1b /* APIC_BASE */,
		0xc0010010 /* SYSCFG */, 0xc0010111 /* SMM_BASE */, 0xc0010112 /* SMM_ADDR */,
		0xc0010113 /* SMM_MASK */, 0xc0010115 /* IGNNE */, 0xc0010116 /* SMM_CTL */,
	};

	for (unsigned i = 0; i < sizeof(trapped) / sizeof(trapped[0]); i++)
		msr_intercept(trapped[i]);
	for (uint32_t msr = 0x800; msr < 0x900; msr++)   /* x2APIC */
		msr_intercept(msr);
}

static void build_iopm(void)
{
	uint16_t base = console_io_base();

	for (unsigned port = base; port < base + 8u; port++)
		iopm[port / 8] |= (uint8_t)(1u << (port % 8));
}

/*
 * GIF=0 holds NMIs (and SMIs) pending: the live-patch engine writes text
 * with it clear, so no NMI can run between two writes of one patch.
 */
__attribute__((section(".text.nopatch"))) int virt_nmi_hold(void)
{
	if (!this_cpu()->virt_enabled)
		return 0;
	__asm__ volatile("clgi" ::: "memory");
	this_cpu()->nmi_held = 1;
	return 1;
}

__attribute__((section(".text.nopatch"))) void virt_nmi_release(int held)
{
	if (!held)
		return;
	this_cpu()->nmi_held = 0;
	__asm__ volatile("stgi" ::: "memory");
}

static void set_seg(struct vcpu *v, unsigned off, uint16_t sel, uint16_t attr, uint32_t limit,
		    uint64_t base)
{
	*(uint16_t *)(v->vmcb + off) = sel;
	*(uint16_t *)(v->vmcb + off + 2) = attr;
	*(uint32_t *)(v->vmcb + off + 4) = limit;
	*(uint64_t *)(v->vmcb + off + 8) = base;
}

/* Linux's 32-bit boot state: flat 4 GiB code at 0x10, data at 0x18, paging off. */
static void init_guest_state(struct vcpu *v, const struct dom0_entry *e)
{
	static const unsigned data_segs[] = { VMCB_ES, VMCB_SS, VMCB_DS, VMCB_FS, VMCB_GS };

	set_seg(v, VMCB_CS, 0x10, 0xc9b, 0xffffffff, 0);
	for (unsigned i = 0; i < 5; i++)
		set_seg(v, data_segs[i], 0x18, 0xc93, 0xffffffff, 0);
	set_seg(v, VMCB_GDTR, 0, 0, e->gdt_limit, e->gdt_base);
	set_seg(v, VMCB_IDTR, 0, 0, 0, 0);
	set_seg(v, VMCB_LDTR, 0, 0x82, 0, 0);
	set_seg(v, VMCB_TR, 0, 0x8b, 0x67, 0);
	VMCB_U64(v, VMCB_CR0) = 0x11;           /* PE | ET */
	VMCB_U64(v, VMCB_CR4) = 0;
	VMCB_U64(v, VMCB_CR3) = 0;
	VMCB_U64(v, VMCB_EFER) = EFER_SVME;     /* VMRUN requires it; reads hide it */
	VMCB_U64(v, VMCB_RFLAGS) = 2;
	VMCB_U64(v, VMCB_RIP) = e->eip;
	VMCB_U64(v, VMCB_RSP) = 0;
	VMCB_U64(v, VMCB_RAX) = 0;
	VMCB_U64(v, VMCB_DR6) = 0xffff0ff0;
	VMCB_U64(v, VMCB_DR7) = 0x400;
	VMCB_U64(v, VMCB_GPAT) = GUEST_PAT;
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rsi = e->esi;
}

static void init_controls(struct vcpu *v, uint64_t ncr3)
{
	VMCB_U32(v, VMCB_INTERCEPT_MISC1) = ICPT_NMI | ICPT_INIT | ICPT_CPUID | ICPT_IOIO |
					    ICPT_MSR | ICPT_SHUTDOWN | ICPT_INVLPGA;
	VMCB_U32(v, VMCB_INTERCEPT_MISC2) = ICPT_VMRUN | ICPT_VMMCALL | ICPT_VMLOAD |
					    ICPT_VMSAVE | ICPT_STGI | ICPT_CLGI | ICPT_SKINIT;
	VMCB_U64(v, VMCB_IOPM_PA) = (uint64_t)iopm;
	VMCB_U64(v, VMCB_MSRPM_PA) = (uint64_t)msrpm;
	VMCB_U32(v, VMCB_ASID) = DOM0_ASID;
	VMCB_U8(v, VMCB_TLB_CONTROL) = 1;       /* flush this ASID on the first entry */
	/* V_INTR_MASKING stays 0: physical interrupts go to dom0's IDT by its own IF. */
	VMCB_U64(v, VMCB_VINTR) = 0;
	VMCB_U64(v, VMCB_NP_ENABLE) = 1;
	VMCB_U64(v, VMCB_NCR3) = ncr3;
	VMCB_U32(v, VMCB_CLEAN) = 0;
}

static int alloc_vcpu(struct vcpu *v)
{
	uint64_t vmcb = page_pa(1), host = page_pa(1), stack = page_pa(STACK_SIZE / PAGE_SIZE);
	uint64_t mp = page_pa(2), io = page_pa(3);

	if (!vmcb || !host || !stack || !mp || !io)
		return -ENOMEM;
	v->vmcb_pa = vmcb;
	v->host_vmcb_pa = host;
	v->vmcb = phys_to_virt(vmcb);
	msrpm = phys_to_virt(mp);
	iopm = phys_to_virt(io);
	/* The boot stack is fine, but the loop wants its own, from the top. */
	this_cpu()->stack_top = (uint64_t)phys_to_virt(stack) + STACK_SIZE;
	return 0;
}

void virt_run_dom0(const struct dom0_entry *e, uint64_t top)
{
	struct vcpu *v = &dom0_vcpu;
	uint64_t ncr3;
	int rc = virt_cpu_enable();

	if (rc || (rc = alloc_vcpu(v)))
		panic("svm: cannot prepare dom0 (%d)\n", rc);
	if (!(ncr3 = npt_build_identity(top)))
		panic("svm: no memory for dom0's nested page tables\n");
	build_msrpm();
	build_iopm();
	if (apic_guard_init())
		panic("svm: no memory to guard the xAPIC page\n");
	init_controls(v, ncr3);
	init_guest_state(v, e);
	/* The host's FS/GS/TR/syscall state, reloaded after every exit. */
	__asm__ volatile("vmsave %0" :: "a"(v->host_vmcb_pa) : "memory");
	this_cpu()->guest = v;
	/* From here CPU0's APIC is dom0's: the hypervisor's tick goes, kicks come by NMI. */
	apic_timer_stop();
	__atomic_store_n(&this_cpu()->runs_guest, 1, __ATOMIC_RELEASE);
	printk("svm: entering dom0 at %#x (boot_params %#x) on CPU%u\n", e->eip, e->esi,
	       smp_processor_id());
	svm_run_loop(v);
}
