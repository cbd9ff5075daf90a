/*
 * Asking another CPU to do something soon. A CPU in the idle loop gets a
 * fixed-vector IPI; the CPU that runs dom0 gets an NMI (its APIC's
 * vectors are dom0's), told apart from dom0's own NMIs by a per-CPU word
 * set before it is sent.
 */
#ifndef HV_NOTIFY_H
#define HV_NOTIFY_H

enum cpu_notice {
	NOTICE_LIVEPATCH = 1u << 0,   /* run the live-patch softirq */
	NOTICE_TLB_FLUSH = 1u << 1,   /* flush the TLB and acknowledge (tlb.c) */
};

void cpu_notify(unsigned cpu, enum cpu_notice what);
/*
 * kick_test=1 (CONFIG_DEBUG_KICK_TEST), run as a softirq on CPU1: once
 * dom0 is well under way on CPU0, flush every TLB three times, which
 * reaches CPU0 only by NMI, and log whether CPU0 acknowledged each.
 */
void notify_selftest(void);
/* Say what the NMI handler counted but could not print (it never prints). */
void nmi_report(void);

#endif
