/* ACPI: just enough to enumerate the CPUs (RSDP -> XSDT/RSDT -> MADT) and hide them from dom0. */
#ifndef HV_ACPI_H
#define HV_ACPI_H

#include <stdint.h>

/* Fill up to `max` enabled local APIC ids; returns the count or -errno. */
int acpi_cpu_apic_ids(uint64_t rsdp, uint32_t *ids, unsigned max);

/*
 * Write at [dst, dst + room) an RSDP, root table and MADT in which the
 * only processor is keep_apic_id (dom0's view: it cannot use the others);
 * every other table is the firmware's. 0 and *new_rsdp, or -errno.
 */
int acpi_one_cpu_view(uint64_t rsdp, uint32_t keep_apic_id, uint64_t dst, uint64_t room,
		      uint64_t *new_rsdp);

#endif
