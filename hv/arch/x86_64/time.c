/*
 * TSC frequency from a PIT channel 2 one-shot: the only reference every
 * PC (and QEMU's TCG) has before ACPI timers are parsed. 20 ms bounds
 * the error well under 1% even with TCG's jittery TSC.
 */
#include <hv/printk.h>
#include <hv/time.h>
#include <hv/x86.h>

#define PIT_HZ 1193182ull
#define CAL_MS 20
/* 20 ms even at 100 GHz: past this the PIT is not counting (absent or gated off). */
#define CAL_GIVE_UP_CYCLES (100000000ull * CAL_MS)

static uint64_t khz, tsc_at_boot;

void time_init(void)
{
	uint64_t ticks = PIT_HZ * CAL_MS / 1000, t0, t1;
	uint8_t gate = inb(0x61);

	outb(0x61, (gate & ~0x02) | 0x01);     /* gate on, speaker off */
	outb(0x43, 0xb0);                      /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, ticks & 0xff);
	outb(0x42, ticks >> 8);
	t0 = t1 = rdtsc();
	while (!(inb(0x61) & 0x20) && t1 - t0 < CAL_GIVE_UP_CYCLES) {
		cpu_relax();
		t1 = rdtsc();
	}
	outb(0x61, gate);
	khz = (t1 - t0) / CAL_MS;
	if (t1 - t0 >= CAL_GIVE_UP_CYCLES) {
		pr_warn("time: PIT channel 2 never expired; assuming a 1 GHz TSC\n");
		khz = 1000000;
	} else if (!khz) {
		pr_warn("time: TSC did not advance during calibration; assuming 1 GHz\n");
		khz = 1000000;
	}
	tsc_at_boot = t0;
	printk("time: TSC runs at %llu kHz\n", (unsigned long long)khz);
}

uint64_t tsc_khz(void)
{
	return khz;
}

uint64_t now_ns(void)
{
	uint64_t d = rdtsc() - tsc_at_boot;

	/* Split to avoid overflowing d * 1000000 after a few hours. */
	return d / khz * 1000000ull + d % khz * 1000000ull / khz;
}

void udelay(uint64_t us)
{
	uint64_t end = rdtsc() + us * khz / 1000;

	while (rdtsc() < end)
		cpu_relax();
}
