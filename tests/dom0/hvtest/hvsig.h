/* Is the hv hypervisor underneath? Its CPUID leaf 0x40000000 signature says. */
#ifndef HVTEST_HVSIG_H
#define HVTEST_HVSIG_H

#include <cpuid.h>
#include <string.h>
#include <public/hypercall.h>

static inline int hv_present(void)
{
	unsigned int r[4];

	__cpuid(0x40000000, r[0], r[1], r[2], r[3]);
	return !memcmp(&r[1], HV_CPUID_SIGNATURE, 12);
}

#endif
