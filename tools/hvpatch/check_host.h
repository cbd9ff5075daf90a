/*
 * The live-patch core's host (hv/livepatch/host.h) as `hvpatch check` runs
 * it: the hypervisor image is a file, not memory. Symbols, build-id and
 * text/nopatch bounds come from IMAGE; "live" code is IMAGE's bytes; each
 * payload gets a heap buffer to be written (mem->write) and a synthetic run
 * address past IMAGE's last segment (mem->run), so relocation and jump
 * reach are judged exactly as in the hypervisor. Nothing is ever patched.
 */
#ifndef HVPATCH_CHECK_HOST_H
#define HVPATCH_CHECK_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Load IMAGE; 0, or a negative errno with a message in err. */
int check_host_open(const char *image, char *err, size_t errlen);
void check_host_close(void);

const uint8_t *check_host_build_id(uint32_t *len);
/* First run address handed to payloads, and how far they may go. */
void check_host_region(uint64_t *base, uint64_t *limit);

/* Show the core's debug lines too. */
void check_host_set_verbose(bool verbose);
/* Forget the error line captured so far. */
void check_host_clear_error(void);
/* The first error line the core logged since the last clear, or NULL. */
const char *check_host_first_error(void);

#endif
