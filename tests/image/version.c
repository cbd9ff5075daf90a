/* The function the regression payloads patch, as in Xen. */
#include "image.h"

__attribute__((noinline)) const char *xen_extra_version(void)
{
	return "-hv";
}

void lp_image_entry(void)
{
}
