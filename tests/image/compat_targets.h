/* Image functions the Xen-compatibility payloads patch (compat_targets.c). */
#ifndef TESTS_IMAGE_COMPAT_TARGETS_H
#define TESTS_IMAGE_COMPAT_TARGETS_H

int lp_nop_long(int x);          /* x + 109; its first 31 bytes do the adding */
#define LP_NOP_LONG_NOP 31

void lp_minor_store(int *out);   /* movl $8,(%rdi) (6 bytes); ret */
#define LP_MINOR_STORE_SIZE 7

#endif
