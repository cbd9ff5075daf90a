/* TLB maintenance across CPUs. */
#ifndef HV_TLB_H
#define HV_TLB_H

/* Flush every CPU's TLB, global entries included; waits for the others. */
void tlb_flush_all(void);
void tlb_init(void);

#endif
