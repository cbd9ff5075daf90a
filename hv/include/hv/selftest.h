/*
 * Targets the regression payloads patch (hv/arch/x86_64/selftest.S):
 * written in assembly so their layout is fixed, whatever the compiler.
 */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

/* Counts a call through an inner call at offset 0, which xen_nop NOPs out. */
int xen_nop_probe(void);
/* One byte long: too small to hold a jump. */
void xen_tiny(void);

#endif
