// SPDX-License-Identifier: GPL-2.0
/*
 * hvprobe: what a root user in dom0 could try against the hypervisor,
 * one action per write to /sys/module/hvprobe/parameters/action:
 *   init_ipi, sipi, nmi_ipi   an IPI at APIC id 1 (a hypervisor CPU)
 *   nmi_self                  an NMI to this CPU, counted by our handler
 *   efer                      EFER written back without SVME
 *   hsave, vm_cr              the SVM host save area / VM_CR written
 *   apic_id                   this CPU's APIC id rewritten (xAPIC ID register)
 *   triple_fault              dom0 dies: an exception with no IDT
 * Each prints "hvprobe: <action> done ..." so the host side can follow.
 * Test code only: it is in the test initramfs, never in a product.
 */
#include <linux/module.h>
#include <linux/delay.h>
#include <linux/string.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/nmi.h>

#define MSR_VM_CR_ADDR 0xc0010114
#define MSR_HSAVE_ADDR 0xc0010117

static atomic_t nmis_seen;

static int probe_nmi(unsigned int type, struct pt_regs *regs)
{
	atomic_inc(&nmis_seen);
	return NMI_HANDLED;
}

static void ipi_to(u32 apicid, u32 low)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_write(APIC_ICR2, SET_XAPIC_DEST_FIELD(apicid));
	apic_write(APIC_ICR, low);
	local_irq_restore(flags);
}

static void do_action(const char *a)
{
	u64 v;
	int before;

	if (sysfs_streq(a, "init_ipi")) {
		ipi_to(1, APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT);
	} else if (sysfs_streq(a, "sipi")) {
		ipi_to(1, APIC_DM_STARTUP | 0x9e);
	} else if (sysfs_streq(a, "nmi_ipi")) {
		ipi_to(1, APIC_DM_NMI);
	} else if (sysfs_streq(a, "nmi_self")) {
		before = atomic_read(&nmis_seen);
		apic->send_IPI_self(NMI_VECTOR);
		mdelay(10);
		pr_info("hvprobe: nmi_self done, %d NMI(s) reached dom0\n",
			atomic_read(&nmis_seen) - before);
		return;
	} else if (sysfs_streq(a, "efer")) {
		rdmsrl(MSR_EFER, v);
		wrmsrl(MSR_EFER, v & ~EFER_SVME);
		rdmsrl(MSR_EFER, v);
		pr_info("hvprobe: efer done, EFER now %#llx\n", v);
		return;
	} else if (sysfs_streq(a, "apic_id")) {
		apic_write(APIC_ID, 5u << 24);
		pr_info("hvprobe: apic_id done, APIC ID reads %#x\n", apic_read(APIC_ID));
		return;
	} else if (sysfs_streq(a, "triple_fault")) {
		struct desc_ptr no_idt = { .size = 0, .address = 0 };

		pr_info("hvprobe: triple_fault now\n");
		local_irq_disable();
		load_idt(&no_idt);
		asm volatile("int3");
		return;   /* not reached: the CPU shuts down */
	} else if (sysfs_streq(a, "hsave")) {
		wrmsrl(MSR_HSAVE_ADDR, 0x1000);
		rdmsrl(MSR_HSAVE_ADDR, v);
		pr_info("hvprobe: hsave done, VM_HSAVE_PA reads %#llx\n", v);
		return;
	} else if (sysfs_streq(a, "vm_cr")) {
		wrmsrl(MSR_VM_CR_ADDR, 0);
		rdmsrl(MSR_VM_CR_ADDR, v);
		pr_info("hvprobe: vm_cr done, VM_CR reads %#llx\n", v);
		return;
	} else {
		pr_info("hvprobe: unknown action %s\n", a);
		return;
	}
	mdelay(10);
	pr_info("hvprobe: %s done\n", a);
}

static int set_action(const char *val, const struct kernel_param *kp)
{
	char name[32];

	strscpy(name, val, sizeof(name));
	do_action(strim(name));
	return 0;
}

static const struct kernel_param_ops action_ops = { .set = set_action };
module_param_cb(action, &action_ops, NULL, 0200);

static int __init hvprobe_init(void)
{
	return register_nmi_handler(NMI_LOCAL, probe_nmi, 0, "hvprobe");
}

static void __exit hvprobe_exit(void)
{
	unregister_nmi_handler(NMI_LOCAL, "hvprobe");
}

module_init(hvprobe_init);
module_exit(hvprobe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hv test probes from dom0");
