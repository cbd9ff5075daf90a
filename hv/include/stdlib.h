/* Only what header-only libraries (xxHash) reference; backed by the hv heap. */
#ifndef HV_STDLIB_H
#define HV_STDLIB_H

#include <stddef.h>

void *malloc(size_t size);
void free(void *p);

#endif
