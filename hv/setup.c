/*
 * hv_start: the BSP's path from the stub's hand-over to the idle loop.
 * The order matters: the console first (so everything after can report),
 * memory before paging (page tables come from it), paging before per-CPU
 * data and descriptors, symbols before the live-patch core, and all CPUs
 * online before the boot-time payloads rendezvous them.
 */
#include <string.h>
#include <hv/apic.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/dom0.h>
#include <hv/livepatch_host.h>
#include <hv/mm.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/smp.h>
#include <hv/softirq.h>
#include <hv/symbols.h>
#include <hv/time.h>
#include <hv/tlb.h>
#include <hv/traps.h>
#include <hv/version.h>
#include <hv/virt.h>
#include <hv/x86.h>
#include "livepatch/livepatch.h"

#ifdef CONFIG_DEBUG_TRAP_TEST
#define TRAP_TEST_ALLOWED 1
#else
#define TRAP_TEST_ALLOWED 0
#endif

void hv_start(struct hv_bootinfo *bi);

/* loglvl=err|warn|info|debug; "debug" alone is loglvl=debug. */
static void set_log_level(void)
{
	static const char *const names[] = { "err", "warn", "info", "debug" };
	char v[8];

	if (cmdline_bool("debug"))
		printk_set_level(LOG_DEBUG);
	if (!cmdline_get("loglvl", v, sizeof(v)))
		return;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(v, names[i])) {
			printk_set_level((enum hv_loglvl)i);
			return;
		}
	}
	pr_warn("loglvl=%s is not one of err, warn, info, debug; keeping the default\n", v);
}

static void early_console(const struct hv_bootinfo *bi)
{
	char port[8];
	int bad_port;

	cmdline_init(bi->magic == HV_BOOTINFO_MAGIC ? bi->cmdline : "");
	bad_port = console_init(cmdline_get("console", port, sizeof(port)));
	set_log_level();
	print_banner();
	if (bad_port)
		pr_warn("console=%s is not com1 or com2; using com2\n", port);
	if (bi->magic != HV_BOOTINFO_MAGIC)
		panic("boot info at %p has a bad magic: not started by the hv stub?\n", bi);
	printk("command line: %s\n", cmdline_raw());
}

/* Say what the stub handed over for dom0. */
static void log_dom0_modules(const struct hv_bootinfo *bi)
{
	if (bi->kernel.size)
		printk("dom0 kernel: %s (%llu bytes at %#llx), command line: %s\n", bi->kernel.name,
		       (unsigned long long)bi->kernel.size, (unsigned long long)bi->kernel.addr,
		       bi->kernel_cmdline);
	if (bi->ramdisk.size)
		printk("dom0 ramdisk: %s (%llu bytes at %#llx)\n", bi->ramdisk.name,
		       (unsigned long long)bi->ramdisk.size, (unsigned long long)bi->ramdisk.addr);
}

static void early_traps(void)
{
	uint64_t sp;
	struct percpu *p;

	/* RSP0 only matters on a privilege change, which the hypervisor never takes. */
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	p = percpu_boot_cpu(sp);
	percpu_activate(p);
	idt_init();
	desc_load(p);
}

static void bsp_cpu_init(void)
{
	struct percpu *p = percpu_of[0];

	time_init();
	apic_init_cpu();
	p->apic_id = apic_id();
	p->online = 1;
	nr_cpus_online = 1;
	livepatch_kick_init();
	tlb_init();
	apic_timer_start(10);
	__asm__ volatile("sti");
}

static void livepatch_init(void)
{
	int rc = symbols_init();

	if (!rc)
		rc = lp_init();
	if (rc)
		pr_err("livepatch: core not initialised (%d); payloads will be refused\n", rc);
}

void hv_start(struct hv_bootinfo *bi)
{
	uint64_t t0 = rdtsc();

	early_console(bi);
	early_traps();
	page_alloc_init(bi);
	livepatch_mem_init();
	paging_init(bi);
	bsp_cpu_init();
	livepatch_init();
	if (!virt_probe())
		virt_cpu_enable();
	smp_init(bi);
	if (TRAP_TEST_ALLOWED && cmdline_bool("trap_test"))
		trap_test();
	livepatch_boot_list(bi);
	log_dom0_modules(bi);
	printk("boot done in %llu ms\n",
	       (unsigned long long)((rdtsc() - t0) / (tsc_khz() ? tsc_khz() : 1)));
	dom0_start(bi);
	printk("CPU0 idling (no dom0)\n");
	idle_loop();
}
