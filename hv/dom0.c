/*
 * dom0: the stub's kernel and ramdisk become a guest on CPU0 once the
 * hypervisor is fully up (every CPU online, boot-time payloads applied).
 * CPU0 then lives in the VMRUN loop; the other CPUs stay in the
 * hypervisor's idle loop. Without a kernel, without hardware support or
 * with `dom0=off`, CPU0 idles like the others.
 */
#include <string.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/dom0.h>
#include <hv/hvmem.h>
#include <hv/linux_boot.h>
#include <hv/notify.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/softirq.h>
#include <hv/virt.h>

#ifdef CONFIG_DEBUG_KICK_TEST
#define KICK_TEST_ALLOWED 1
#else
#define KICK_TEST_ALLOWED 0
#endif

/* kick_test=1: CPU1 checks that the NMI notice reaches CPU0 inside dom0. */
static void start_kick_test(void)
{
	if (!KICK_TEST_ALLOWED || !cmdline_bool("kick_test"))
		return;
	if (nr_cpus_online < 2 || !percpu_of[1]) {
		pr_warn("kick_test: needs a second CPU; not run\n");
		return;
	}
	raise_softirq(1, SOFTIRQ_KICK_TEST);
	cpu_notify(1, NOTICE_LIVEPATCH);   /* wakes it from its idle halt */
}

void dom0_start(const struct hv_bootinfo *bi)
{
	struct dom0_entry e;
	uint64_t top;
	char v[8];
	int rc;

	if (!bi->kernel.size)
		return;
	if (cmdline_get("dom0", v, sizeof(v)) && !strcmp(v, "off")) {
		printk("dom0: not started (dom0=off)\n");
		return;
	}
	if (virt_probe())
		return;
	/* The boot info (command line, module names) stays the hypervisor's. */
	hvmem_claim((uint64_t)bi, (uint64_t)bi + sizeof(*bi), "boot info");
	hvmem_log();
	rc = linux_boot_prepare(bi, &e, &top);
	if (rc) {
		pr_err("dom0: %s not started (%d)\n", bi->kernel.name, rc);
		return;
	}
	printk("dom0: starting %s on CPU0: %s\n", bi->kernel.name, bi->kernel_cmdline);
	start_kick_test();
	virt_run_dom0(&e, top);
}
