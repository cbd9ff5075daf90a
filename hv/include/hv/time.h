/* The TSC as the hypervisor's clock. */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <stdint.h>

/* Measure the TSC against the PIT; call once on the BSP. */
void time_init(void);
uint64_t tsc_khz(void);
uint64_t now_ns(void);
void udelay(uint64_t us);

#endif
