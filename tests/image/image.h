/* Functions and data of the hosted test image, patched by tests/payloads. */
#ifndef TESTS_IMAGE_H
#define TESTS_IMAGE_H

#define NOINLINE __attribute__((noipa))

const char *xen_extra_version(void);
void lp_image_entry(void);

int lp_target_add(int a, int b);
int lp_target_mul(int a, int b);
int lp_target_const(void);
int lp_call_a(void);
int lp_call_b(void);
int lp_call_dup_x(void);
int lp_call_dup_y(void);

/* asm-defined so their bytes are known to payloads (expectations, NOPs) */
int lp_asm_target(void);     /* b8 01 00 00 00 c3: return 1 */
int lp_nop_target(void);     /* call lp_side_effect; return 7 */
int lp_tiny(void);           /* one byte: ret */
void lp_side_effect(void);
int lp_core_function(void);  /* in .text.nopatch */

extern volatile int lp_side_count;
extern volatile int lp_zero;
/* Hooks of test payloads record their calls here, in order. */
extern volatile int lp_hook_log[32];
extern volatile int lp_hook_pos;
void lp_hook_record(int code);
extern void (*volatile lp_hook_observer)(int code);

#endif
