#ifndef HV_ASSERT_H
#define HV_ASSERT_H
/* Header-only libraries' asserts compile away in the hypervisor. */
#define assert(x) ((void)0)
#define static_assert _Static_assert
#endif
