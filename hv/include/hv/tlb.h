/* TLB maintenance across CPUs. */
#ifndef HV_TLB_H
#define HV_TLB_H

/* Flush every CPU's TLB, global entries included; waits for the others. */
void tlb_flush_all(void);
void tlb_init(void);
/* Flush this CPU and record it for the running round (IPI and NMI paths). */
void tlb_flush_ack(void);

#endif
