/*
 * Shared by the regression payloads. NEW_SIZE(fn) is the size of the
 * payload's own replacement function, as Xen's test payloads fill
 * new_size: a first compile (HVP_PASS1) yields the object whose `nm`
 * gives the sizes (payloads.mk writes them to <payload>.sizes.h, which
 * the second compile includes); code size does not depend on the value.
 */
#ifndef HVP_PAYLOAD_H
#define HVP_PAYLOAD_H

#include <public/livepatch.h>
#include "config.h"

#ifdef HVP_PASS1
#define NEW_SIZE(fn) 0
#else
#define NEW_SIZE(fn) NEW_SIZE_##fn
#endif

#endif
