/* The local APIC (xAPIC, MMIO at its default base). */
#ifndef HV_APIC_H
#define HV_APIC_H

#include <stdint.h>

void apic_init_cpu(void);
uint32_t apic_id(void);
void apic_eoi(void);
void apic_send_ipi(uint32_t apic_id, uint8_t vector);
/* NMI delivery: works while dom0 owns the target's APIC (its fixed vectors are dom0's). */
void apic_send_nmi(uint32_t apic_id);
/* Raw ICR write (destination in hi[31:24]); 0 or -EBUSY. For the xAPIC guard. */
int apic_send_icr(uint32_t hi, uint32_t lo);
uint32_t apic_reg_read(unsigned reg);
void apic_reg_write(unsigned reg, uint32_t v);
uint64_t apic_base_pa(void);
/* INIT, then two STARTUPs at trampoline page `page`; 0 or -errno. */
int apic_start_ap(uint32_t apic_id, uint64_t trampoline);
/* Periodic tick on VEC_TIMER every `ms`. */
void apic_timer_start(unsigned ms);
/* Mask this CPU's hypervisor tick (CPU0 before dom0 takes its APIC). */
void apic_timer_stop(void);

#endif
