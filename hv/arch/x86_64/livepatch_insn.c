/*
 * The instructions the patch engine writes over an old function: a 5-byte
 * near jump (E9 rel32) to the replacement, or NOPs. Multi-byte NOPs are
 * the forms the vendors' optimisation manuals recommend, so a NOPed range
 * decodes as few instructions as possible.
 */
#include "../../livepatch/arch.h"

const uint32_t lp_arch_jump_size = 5;

int lp_arch_encode_jump(uint64_t from, uint64_t to, uint8_t *buf)
{
	int64_t rel = (int64_t)(to - (from + 5));

	if (rel < INT32_MIN || rel > INT32_MAX)
		return -ERANGE;
	buf[0] = 0xe9;
	for (int i = 0; i < 4; i++)
		buf[1 + i] = (uint8_t)((uint64_t)rel >> (8 * i));
	return 5;
}

static const uint8_t nops[9][9] = {
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
	{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void lp_arch_encode_nops(uint8_t *buf, size_t len)
{
	while (len) {
		size_t n = len > 9 ? 9 : len;

		memcpy(buf, nops[n - 1], n);
		buf += n;
		len -= n;
	}
}
