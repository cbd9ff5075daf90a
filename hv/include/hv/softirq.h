/* Deferred work run at quiescent points (idle loop, later before VMRUN). */
#ifndef HV_SOFTIRQ_H
#define HV_SOFTIRQ_H

enum softirq { SOFTIRQ_LIVEPATCH, SOFTIRQ_KICK_TEST, NR_SOFTIRQS };

void raise_softirq(unsigned cpu, enum softirq s);
/* Run this CPU's pending softirqs. */
void do_softirq(void);
/* Is there softirq or live-patch work for this CPU? (the VMRUN loop asks) */
int softirq_work_pending(void);
/* The idle loop: softirqs, live-patch work, halt. Never returns. */
void idle_loop(void) __attribute__((noreturn));

#endif
