/*
 * The part of the live-patch core's host interface (hv/livepatch/host.h)
 * that every libc host backed by a linked ELF image implements the same
 * way: heap, page size, monotonic time, and the image's build-id,
 * text and .text.nopatch bounds. The hosted test machine and `hvpatch
 * check` each add their own memory, text access, CPUs and interrupts.
 */
#ifndef TOOLS_IMAGE_HOST_H
#define TOOLS_IMAGE_HOST_H

#include "lib/elfimage.h"

#define IMAGE_HOST_PAGE 4096ul

/* The image whose facts lp_host_* report; NULL detaches. */
void image_host_attach(const struct elfimage *img);

#endif
