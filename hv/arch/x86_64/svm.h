/* AMD SVM internals shared by svm.c, svm_exit.c and svm_entry.S. */
#ifndef HV_ARCH_SVM_H
#define HV_ARCH_SVM_H

/* struct vcpu offsets used by svm_entry.S */
#define VCPU_VMCB_PA      0
#define VCPU_HOST_VMCB_PA 8
#define VCPU_REGS         16   /* rbx rcx rdx rsi rdi rbp r8..r15 */

#ifndef __ASSEMBLY__
#include <stdint.h>

struct guest_regs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
};

struct vcpu {
	uint64_t vmcb_pa;
	uint64_t host_vmcb_pa;
	struct guest_regs regs;
	uint8_t *vmcb;
	uint64_t exits;
};

/* VMCB control area */
#define VMCB_INTERCEPT_CR     0x000
#define VMCB_INTERCEPT_EXC    0x008
#define VMCB_INTERCEPT_MISC1  0x00c
#define VMCB_INTERCEPT_MISC2  0x010
#define VMCB_IOPM_PA          0x040
#define VMCB_MSRPM_PA         0x048
#define VMCB_ASID             0x058
#define VMCB_TLB_CONTROL      0x05c
#define VMCB_VINTR            0x060
#define VMCB_INT_SHADOW       0x068
#define VMCB_EXITCODE         0x070
#define VMCB_EXITINFO1        0x078
#define VMCB_EXITINFO2        0x080
#define VMCB_EXITINTINFO      0x088
#define VMCB_NP_ENABLE        0x090
#define VMCB_EVENTINJ         0x0a8
#define VMCB_NCR3             0x0b0
#define VMCB_CLEAN            0x0c0
/* VMCB state save area */
#define VMCB_ES               0x400
#define VMCB_CS               0x410
#define VMCB_SS               0x420
#define VMCB_DS               0x430
#define VMCB_FS               0x440
#define VMCB_GS               0x450
#define VMCB_GDTR             0x460
#define VMCB_LDTR             0x470
#define VMCB_IDTR             0x480
#define VMCB_TR               0x490
#define VMCB_CPL              0x4cb
#define VMCB_EFER             0x4d0
#define VMCB_CR4              0x548
#define VMCB_CR3              0x550
#define VMCB_CR0              0x558
#define VMCB_DR7              0x560
#define VMCB_DR6              0x568
#define VMCB_RFLAGS           0x570
#define VMCB_RIP              0x578
#define VMCB_RSP              0x5d8
#define VMCB_RAX              0x5f8
#define VMCB_CR2              0x640
#define VMCB_GPAT             0x668

/* MISC1 intercepts */
#define ICPT_NMI      (1u << 1)
#define ICPT_INIT     (1u << 3)
#define ICPT_CPUID    (1u << 18)
#define ICPT_INVLPGA  (1u << 26)
#define ICPT_IOIO     (1u << 27)
#define ICPT_MSR      (1u << 28)
#define ICPT_SHUTDOWN (1u << 31)
/* MISC2 intercepts */
#define ICPT_VMRUN    (1u << 0)
#define ICPT_VMMCALL  (1u << 1)
#define ICPT_VMLOAD   (1u << 2)
#define ICPT_VMSAVE   (1u << 3)
#define ICPT_STGI     (1u << 4)
#define ICPT_CLGI     (1u << 5)
#define ICPT_SKINIT   (1u << 6)

/* exit codes */
#define EXIT_EXCP_BASE 0x40
#define EXIT_NMI       0x61
#define EXIT_INIT      0x63
#define EXIT_CPUID     0x72
#define EXIT_INVLPGA   0x7a
#define EXIT_IOIO      0x7b
#define EXIT_MSR       0x7c
#define EXIT_SHUTDOWN  0x7f
#define EXIT_VMRUN     0x80
#define EXIT_VMMCALL   0x81
#define EXIT_VMLOAD    0x82
#define EXIT_VMSAVE    0x83
#define EXIT_STGI      0x84
#define EXIT_CLGI      0x85
#define EXIT_SKINIT    0x86
#define EXIT_NPF       0x400
#define EXIT_INVALID   0xffffffffu

/* EVENTINJ / EXITINTINFO */
#define EVT_VALID      (1u << 31)
#define EVT_ERR_VALID  (1u << 11)
#define EVT_TYPE_NMI   (2u << 8)
#define EVT_TYPE_EXC   (3u << 8)

#define EFER_SVME      (1ull << 12)

#define VMCB_U64(v, off) (*(volatile uint64_t *)((v)->vmcb + (off)))
#define VMCB_U32(v, off) (*(volatile uint32_t *)((v)->vmcb + (off)))
#define VMCB_U8(v, off)  (*(volatile uint8_t *)((v)->vmcb + (off)))

/* dom0 must not flood the log: say the first 8 of a kind, then one in 1024. */
static inline int svm_log_allowed(uint32_t *count)
{
	uint32_t n = __atomic_fetch_add(count, 1, __ATOMIC_RELAXED);

	return n < 8 || !(n & 1023);
}

void svm_run_loop(struct vcpu *v) __attribute__((noreturn));
void svm_handle_exit(struct vcpu *v);
void svm_inject_exception(struct vcpu *v, unsigned vector, int has_err, uint32_t err);

#endif
#endif
