/* ACPI: just enough to enumerate the CPUs (RSDP -> XSDT/RSDT -> MADT). */
#ifndef HV_ACPI_H
#define HV_ACPI_H

#include <stdint.h>

/* Fill up to `max` enabled local APIC ids; returns the count or -errno. */
int acpi_cpu_apic_ids(uint64_t rsdp, uint32_t *ids, unsigned max);

#endif
