/*
 * Local APIC in xAPIC mode: every CPU we target (and QEMU's) has it, and
 * its MMIO page is reached through the 1:1 map. The timer is calibrated
 * against the TSC, which time.c already measured.
 */
#include <hv/apic.h>
#include <hv/errno.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/traps.h>
#include <hv/x86.h>

#define MSR_APIC_BASE 0x1b
#define APIC_ID       0x020
#define APIC_TPR      0x080
#define APIC_EOI      0x0b0
#define APIC_SVR      0x0f0
#define APIC_ICR_LO   0x300
#define APIC_ICR_HI   0x310
#define APIC_LVT_TMR  0x320
#define APIC_TMR_INIT 0x380
#define APIC_TMR_CUR  0x390
#define APIC_TMR_DIV  0x3e0

static volatile uint32_t *mmio;
static uint32_t ticks_per_ms;

static uint32_t rd(unsigned reg)
{
	return mmio[reg / 4];
}

static void wr(unsigned reg, uint32_t v)
{
	mmio[reg / 4] = v;
}

void apic_init_cpu(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	wrmsr(MSR_APIC_BASE, base | (1u << 11));   /* globally enabled, xAPIC */
	mmio = (volatile uint32_t *)(base & 0xfffff000ull);
	wr(APIC_TPR, 0);
	wr(APIC_SVR, 0x100 | VEC_SPURIOUS);
}

uint32_t apic_id(void)
{
	return rd(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	wr(APIC_EOI, 0);
}

static int icr_wait(void)
{
	for (int i = 0; i < 100000; i++) {
		if (!(rd(APIC_ICR_LO) & (1u << 12)))
			return 0;
		cpu_relax();
	}
	pr_err("apic: ICR stayed busy; IPI not delivered\n");
	return -EBUSY;
}

static int send(uint32_t dest, uint32_t lo)
{
	uint64_t f = save_flags_cli();
	int rc;

	wr(APIC_ICR_HI, dest << 24);
	wr(APIC_ICR_LO, lo);
	rc = icr_wait();
	restore_flags(f);
	return rc;
}

void apic_send_ipi(uint32_t dest, uint8_t vector)
{
	send(dest, vector);
}

/* Reaches a CPU whatever its APIC's state: how CPU0 is kicked while dom0 owns it. */
void apic_send_nmi(uint32_t dest)
{
	send(dest, 0x400);
}

int apic_send_icr(uint32_t hi, uint32_t lo)
{
	return send(hi >> 24, lo);
}

uint32_t apic_reg_read(unsigned reg)
{
	return rd(reg & 0xff0);
}

void apic_reg_write(unsigned reg, uint32_t v)
{
	wr(reg & 0xff0, v);
}

uint64_t apic_base_pa(void)
{
	return (uint64_t)mmio;
}

void apic_timer_stop(void)
{
	wr(APIC_LVT_TMR, 1u << 16);
	wr(APIC_TMR_INIT, 0);
}

int apic_start_ap(uint32_t dest, uint64_t trampoline)
{
	int rc = send(dest, 0x4500);          /* INIT, level assert */

	if (rc)
		return rc;
	udelay(10000);
	for (int i = 0; i < 2; i++) {
		rc = send(dest, 0x4600 | (uint32_t)(trampoline >> 12));   /* STARTUP */
		if (rc)
			return rc;
		udelay(200);
	}
	return 0;
}

static void timer_handler(struct cpu_regs *regs)
{
	apic_eoi();
}

void apic_timer_start(unsigned ms)
{
	if (!ticks_per_ms) {
		wr(APIC_TMR_DIV, 0x3);                /* divide by 16 */
		wr(APIC_LVT_TMR, 1u << 16);           /* masked while measuring */
		wr(APIC_TMR_INIT, 0xffffffff);
		udelay(10000);
		ticks_per_ms = (0xffffffff - rd(APIC_TMR_CUR)) / 10;
		irq_register(VEC_TIMER, timer_handler);
		printk("apic: timer runs at %u ticks/ms\n", ticks_per_ms);
	}
	wr(APIC_TMR_DIV, 0x3);
	wr(APIC_LVT_TMR, VEC_TIMER | (1u << 17));   /* periodic */
	wr(APIC_TMR_INIT, ticks_per_ms * ms);
}
