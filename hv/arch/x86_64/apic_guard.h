/* dom0 owns CPU0's xAPIC, but not the ICR's reach to other CPUs. */
#ifndef HV_ARCH_APIC_GUARD_H
#define HV_ARCH_APIC_GUARD_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Map the xAPIC page read-only for dom0; writes then exit to apic_guard_write(). */
int apic_guard_init(void);
bool apic_guard_owns(uint64_t gpa);
/* Emulate the store at dom0's RIP into the xAPIC page; 0, or -1 when it cannot. */
int apic_guard_write(struct vcpu *v, uint64_t gpa);

#endif
