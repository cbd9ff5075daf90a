/* Starting dom0 (hv/dom0.c). */
#ifndef HV_DOM0_H
#define HV_DOM0_H

#include <hv/bootinfo.h>

/* Runs dom0 on this CPU and does not return, or returns when there is none. */
void dom0_start(const struct hv_bootinfo *bi);

#endif
