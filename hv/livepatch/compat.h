/*
 * The few C library pieces the live-patch core uses, from libc when built
 * hosted (LP_HOSTED) and from the hypervisor's own lib when freestanding.
 * This is the only place the two builds differ.
 */
#ifndef LP_COMPAT_H
#define LP_COMPAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>   /* libc hosted; hv/include/string.h in the hypervisor */
#ifdef LP_HOSTED
#include <errno.h>
#else
#include <hv/errno.h>
#endif

#define LP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LP_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define LP_IS_POW2(x) ((x) != 0 && (((x) & ((x) - 1)) == 0))

#endif
