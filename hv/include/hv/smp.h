/* Secondary CPU bring-up. */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <hv/bootinfo.h>

/* Start every CPU the MADT lists; they end in the idle loop. */
void smp_init(const struct hv_bootinfo *bi);

#endif
