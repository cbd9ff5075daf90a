/* Version strings and the build-id of the running image. */
#ifndef HV_VERSION_H
#define HV_VERSION_H

#include <stdint.h>

#define HV_VERSION_MAJOR 0
#define HV_VERSION_MINOR 1

const char *xen_extra_version(void);
/* The GNU build-id note's descriptor; 0 or -errno. */
int xen_build_id(const uint8_t **id, uint32_t *len);
void print_banner(void);

#endif
