/* lp_host_* functions shared by the libc hosts; see image_host.h. */
#include "image_host.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "livepatch/host.h"

static const struct elfimage *image;

void image_host_attach(const struct elfimage *img)
{
	image = img;
}

void *lp_host_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

void lp_host_free(void *p)
{
	free(p);
}

size_t lp_host_page_size(void)
{
	return IMAGE_HOST_PAGE;
}

uint64_t lp_host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int lp_host_build_id(const uint8_t **id, uint32_t *len)
{
	if (!image || !image->build_id_len)
		return -ENODATA;
	*id = image->build_id;
	*len = image->build_id_len;
	return 0;
}

void lp_host_text_bounds(uint64_t *start, uint64_t *end)
{
	*start = image ? image->text_start : 0;
	*end = image ? image->text_end : 0;
}

void lp_host_nopatch_bounds(uint64_t *start, uint64_t *end)
{
	*start = image ? image->nopatch_start : 0;
	*end = image ? image->nopatch_end : 0;
}
