/*
 * dom0's RAM as the hypervisor sees it: guest-physical equals host-physical
 * (nested paging maps dom0 1:1), so a guest buffer is reached through the
 * direct map once it is known to lie wholly inside RAM given to dom0.
 * Hypercall handlers use only these two copies for guest memory.
 */
#ifndef HV_GUEST_MEM_H
#define HV_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* The domain builder registers each RAM range it gives dom0 (page aligned). */
int guest_mem_add(uint64_t gpa, uint64_t size);
/* Does [gpa, gpa + len) lie wholly in registered dom0 RAM? */
bool guest_mem_ok(uint64_t gpa, uint64_t len);
/* Copy to/from dom0 RAM; -EFAULT (and nothing copied) unless the whole
 * range [gpa, gpa + len) lies in registered RAM. */
int guest_copy_from(void *dst, uint64_t gpa, uint64_t len);
int guest_copy_to(uint64_t gpa, const void *src, uint64_t len);

#endif
