/*
 * Helpers for hand-written test payloads, the way Xen's xen/test/livepatch
 * payloads are written: a .livepatch.funcs entry per patched function,
 * resolved by name (old_addr NULL) unless an address is given.
 */
#ifndef TESTS_PAYLOAD_H
#define TESTS_PAYLOAD_H

#include <public/livepatch.h>
#include "image.h"

#define LP_FUNC_SECTION __attribute__((section(".livepatch.funcs"), used, aligned(8)))

/* Replace function `old` (a name string) by `new_fn`. */
#define PATCH(tag, old, new_fn)                                        \
	static const char tag##_name[] = old;                          \
	struct livepatch_func LP_FUNC_SECTION tag = {                  \
		.version = LIVEPATCH_PAYLOAD_VERSION,                  \
		.name = tag##_name,                                    \
		.new_addr = (void *)(new_fn),                          \
	}

#define MODINFO(tag, str) \
	static const char tag[] __attribute__((section(".modinfo"), used, aligned(1))) = str

#endif
