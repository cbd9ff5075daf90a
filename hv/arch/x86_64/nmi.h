/* The NMI handler, called by trap_handler for vector 2. */
#ifndef HV_ARCH_NMI_H
#define HV_ARCH_NMI_H

struct cpu_regs;
void nmi_handler(struct cpu_regs *regs);

#endif
