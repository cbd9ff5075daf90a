// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl: dom0's door to the hv hypervisor (what privcmd is to Xen).
 * /dev/hvctl takes HVCTL_HYPERCALL (include/public/hvctl.h) from
 * CAP_SYS_ADMIN callers only, bounces every buffer argument through
 * kmalloc'd (so physically contiguous) memory whose physical address is
 * the guest-physical address the hypervisor wants, and issues VMMCALL.
 *
 * VMMCALL without a hypervisor underneath raises #UD, in the kernel: so
 * the module first looks for hv's CPUID signature and, without it, still
 * registers the device (tools then say clearly what is missing) but
 * refuses every call with -ENODEV.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/io.h>
#include <asm/processor.h>

#include <public/hvctl.h>
#include <public/hypercall.h>

static bool hv_present;

static bool hv_detect(char sig[13])
{
	unsigned int eax, regs[3];

	cpuid(0x40000000, &eax, &regs[0], &regs[1], &regs[2]);
	memcpy(sig, regs, 12);
	sig[12] = 0;
	return !memcmp(sig, HV_CPUID_SIGNATURE, 12);
}

static long hv_vmmcall(u64 op, const u64 a[HVCTL_NR_ARGS])
{
	register u64 rdi asm("rdi") = a[0];
	register u64 rsi asm("rsi") = a[1];
	register u64 rdx asm("rdx") = a[2];
	register u64 r10 asm("r10") = a[3];
	register u64 r8 asm("r8") = a[4];

	/* The hypervisor may write any argument buffer: "memory". */
	asm volatile("vmmcall"
		     : "+a"(op), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
		     : : "memory");
	return (long)op;
}

static int check_args(const struct hvctl_call *call)
{
	for (unsigned int i = 0; i < HVCTL_NR_ARGS; i++) {
		const struct hvctl_arg *a = &call->arg[i];

		if (a->flags & ~(HVCTL_BUF_IN | HVCTL_BUF_OUT)) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: unknown flags %#x\n",
					    current->comm, call->op, i, a->flags);
			return -EINVAL;
		}
		if (!a->flags != !a->len) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: %s\n", current->comm,
					    call->op, i, a->flags ? "buffer of 0 bytes" :
					    "scalar with a length");
			return -EINVAL;
		}
		if (a->len > HVCTL_BUF_MAX) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: %u bytes, at most %u\n",
					    current->comm, call->op, i, a->len, HVCTL_BUF_MAX);
			return -E2BIG;
		}
	}
	return 0;
}

/* Allocate each buffer and copy the "in" ones; values[] get their addresses. */
static int bounce_in(const struct hvctl_call *call, void *kbuf[], u64 values[])
{
	for (unsigned int i = 0; i < HVCTL_NR_ARGS; i++) {
		const struct hvctl_arg *a = &call->arg[i];

		values[i] = a->value;
		if (!a->len)
			continue;
		kbuf[i] = kzalloc(a->len, GFP_KERNEL | __GFP_NOWARN);
		if (!kbuf[i]) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: no contiguous %u bytes\n",
					    current->comm, call->op, i, a->len);
			return -ENOMEM;
		}
		if ((a->flags & HVCTL_BUF_IN) &&
		    copy_from_user(kbuf[i], u64_to_user_ptr(a->value), a->len)) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: cannot read %u bytes at %#llx\n",
					    current->comm, call->op, i, a->len, a->value);
			return -EFAULT;
		}
		values[i] = virt_to_phys(kbuf[i]);
	}
	return 0;
}

static int bounce_out(const struct hvctl_call *call, void *kbuf[])
{
	for (unsigned int i = 0; i < HVCTL_NR_ARGS; i++) {
		const struct hvctl_arg *a = &call->arg[i];

		if ((a->flags & HVCTL_BUF_OUT) &&
		    copy_to_user(u64_to_user_ptr(a->value), kbuf[i], a->len)) {
			pr_warn_ratelimited("hvctl: %s: op %llu arg %u: cannot write %u bytes at %#llx\n",
					    current->comm, call->op, i, a->len, a->value);
			return -EFAULT;
		}
	}
	return 0;
}

static long hvctl_hypercall(struct hvctl_call __user *ucall)
{
	void *kbuf[HVCTL_NR_ARGS] = { NULL };
	u64 values[HVCTL_NR_ARGS];
	struct hvctl_call call;
	long rc;

	if (!capable(CAP_SYS_ADMIN)) {
		pr_warn_ratelimited("hvctl: %s (uid %u): hypercalls need CAP_SYS_ADMIN\n",
				    current->comm, from_kuid(&init_user_ns, current_uid()));
		return -EPERM;
	}
	if (copy_from_user(&call, ucall, sizeof(call)))
		return -EFAULT;
	rc = check_args(&call);
	if (rc)
		return rc;
	/* Checked after the arguments, so their checks are testable anywhere. */
	if (!hv_present)
		return -ENODEV;
	rc = bounce_in(&call, kbuf, values);
	if (!rc) {
		call.result = hv_vmmcall(call.op, values);
		/* The call happened: report its result even if a copy-out fails. */
		rc = put_user(call.result, &ucall->result) ? -EFAULT : bounce_out(&call, kbuf);
	}
	for (unsigned int i = 0; i < HVCTL_NR_ARGS; i++)
		kfree(kbuf[i]);
	return rc;
}

static long hvctl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (cmd != HVCTL_HYPERCALL)
		return -ENOTTY;
	return hvctl_hypercall((struct hvctl_call __user *)arg);
}

static const struct file_operations hvctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hvctl_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvctl",
	.fops = &hvctl_fops,
	.mode = 0600,
};

static int __init hvctl_init(void)
{
	char sig[13];
	int rc;

	hv_present = hv_detect(sig);
	rc = misc_register(&hvctl_dev);
	if (rc) {
		pr_err("hvctl: cannot register /dev/hvctl: %d\n", rc);
		return rc;
	}
	if (hv_present)
		pr_info("hvctl: hv hypervisor found; /dev/hvctl ready\n");
	else
		pr_warn("hvctl: no hv hypervisor (CPUID 0x40000000 signature \"%*pE\"); "
			"/dev/hvctl refuses calls with ENODEV\n", 12, sig);
	return 0;
}

static void __exit hvctl_exit(void)
{
	misc_deregister(&hvctl_dev);
}

module_init(hvctl_init);
module_exit(hvctl_exit);
MODULE_DESCRIPTION("hv hypervisor hypercalls for dom0 tools (/dev/hvctl)");
MODULE_LICENSE("GPL");
