/* The local APIC (xAPIC, MMIO at its default base). */
#ifndef HV_APIC_H
#define HV_APIC_H

#include <stdint.h>

void apic_init_cpu(void);
uint32_t apic_id(void);
void apic_eoi(void);
void apic_send_ipi(uint32_t apic_id, uint8_t vector);
/* INIT, then two STARTUPs at trampoline page `page`; 0 or -errno. */
int apic_start_ap(uint32_t apic_id, uint64_t trampoline);
/* Periodic tick on VEC_TIMER every `ms`. */
void apic_timer_start(unsigned ms);

#endif
