/*
 * Writes the .livepatch.old_hash section for a payload: one entry per
 * named function of IMAGE, the xxh64 of the function's bytes as linked.
 * --corrupt flips the hashes (for the negative test payload).
 *
 *   lp-oldhash IMAGE OUT [--corrupt] SYMBOL...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/elfimage.h"
#include "livepatch/hash.h"
#include <public/livepatch.h>

static const uint8_t *bytes_at(const struct elfimage *img, uint64_t addr, uint64_t len)
{
	for (unsigned i = 0; i < img->nsegs; i++) {
		const struct elfimage_segment *s = &img->segs[i];

		if (addr >= s->vaddr && addr + len <= s->vaddr + s->filesz)
			return img->file + s->offset + (addr - s->vaddr);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct elfimage img;
	char err[256];
	int first = 3, corrupt = 0;
	FILE *out;

	if (argc > 3 && !strcmp(argv[3], "--corrupt")) {
		corrupt = 1;
		first = 4;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: %s IMAGE OUT [--corrupt] SYMBOL...\n", argv[0]);
		return 2;
	}
	if (elfimage_open(&img, argv[1], err, sizeof(err))) {
		fprintf(stderr, "lp-oldhash: %s\n", err);
		return 1;
	}
	out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	for (int i = first; i < argc; i++) {
		uint64_t size, addr = elfimage_sym(&img, argv[i], &size);
		const uint8_t *code = addr ? bytes_at(&img, addr, size) : NULL;
		struct livepatch_old_hash h = { .flags = LIVEPATCH_OLD_HASH_ENABLED };

		if (!code || !size) {
			fprintf(stderr, "lp-oldhash: %s: no such function in %s\n", argv[i], argv[1]);
			return 1;
		}
		h.xxh64 = lp_hash_bytes(code, size) ^ (corrupt ? 0x5a5a5a5aull : 0);
		fwrite(&h, sizeof(h), 1, out);
	}
	elfimage_close(&img);
	return fclose(out) ? 1 : 0;
}
