/*
 * hvinfo: what the hv hypervisor under this dom0 is (like `xl info`), and
 * its log (`hvinfo dmesg`, like `xl dmesg`), through /dev/hvctl.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libhvctl.h"

enum {
	EXIT_USAGE = 1,
	EXIT_OPEN = 2,
	EXIT_MODULE = 3,
	EXIT_HYPERVISOR = 4,
	EXIT_OUTPUT = 5,
};

static const char usage[] =
	"usage: hvinfo [info]   version, extra version, build-id, CPUs, memory and\n"
	"                       command line of the hv hypervisor (like `xl info`)\n"
	"       hvinfo dmesg    the hypervisor's log ring (like `xl dmesg`)\n"
	"       hvinfo --help\n"
	"Needs root and the hvctl module (" HVCTL_DEVICE ").\n"
	"Exit status:\n"
	"  0  success\n"
	"  1  bad usage\n"
	"  2  " HVCTL_DEVICE " cannot be opened (module not loaded, not root)\n"
	"  3  the hvctl module refused the call (ENODEV: no hv hypervisor underneath)\n"
	"  4  the hypervisor refused the call\n"
	"  5  writing the output failed\n";

static const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

/* Why an errno from a given place usually happens. */
static const char *hint(enum hvctl_where w, int e)
{
	if (w == HVCTL_AT_OPEN && e == ENOENT)
		return ": is the hvctl module loaded?";
	if ((w == HVCTL_AT_OPEN && e == EACCES) || (w == HVCTL_AT_MODULE && e == EPERM))
		return ": hvctl needs root (CAP_SYS_ADMIN)";
	if (w == HVCTL_AT_MODULE && e == ENODEV)
		return ": no hv hypervisor underneath (CPUID 0x40000000 has no \"" HV_CPUID_SIGNATURE "\")";
	if (w == HVCTL_AT_HYPERVISOR && e == ENOSYS)
		return ": the hypervisor does not know this op (older than these tools?)";
	return "";
}

/* One line on stderr, and the exit status for where it failed. */
static int fail(const struct hvctl *h, const char *what, long rc)
{
	int e = (int)-rc;

	fprintf(stderr, "hvinfo: %s: %s said %s%s (%s)%s\n", what, hvctl_where_name(h->where),
		h->where == HVCTL_AT_HYPERVISOR ? "-" : "", errno_name(e), strerror(e),
		hint(h->where, e));
	switch (h->where) {
	case HVCTL_AT_OPEN:
		return EXIT_OPEN;
	case HVCTL_AT_MODULE:
		return EXIT_MODULE;
	default:
		return EXIT_HYPERVISOR;
	}
}

static int output_done(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "hvinfo: writing the output: %s (%s)\n", errno_name(errno),
			strerror(errno));
		return EXIT_OUTPUT;
	}
	return 0;
}

static int show_info(struct hvctl *h)
{
	struct hv_version_info v;
	struct hv_info info;
	long rc;

	rc = hvctl_version(h, &v);
	if (rc < 0)
		return fail(h, "version", rc);
	rc = hvctl_info(h, &info);
	if (rc < 0)
		return fail(h, "info", rc);
	v.extra[sizeof(v.extra) - 1] = 0;
	info.cmdline[sizeof(info.cmdline) - 1] = 0;
	printf("hv_major               : %u\n", v.major);
	printf("hv_minor               : %u\n", v.minor);
	printf("hv_extra               : %s\n", v.extra);
	printf("hv_version             : %u.%u%s\n", v.major, v.minor, v.extra);
	printf("build_id               : ");
	for (uint32_t i = 0; i < v.build_id_len && i < sizeof(v.build_id); i++)
		printf("%02x", v.build_id[i]);
	printf("\n");
	printf("nr_cpus                : %u\n", info.nr_cpus);
	printf("max_cpus               : %u\n", info.max_cpus);
	printf("hv_memory              : %llu MiB\n", (unsigned long long)(info.hv_memory >> 20));
	printf("hv_commandline         : %s\n", info.cmdline);
	return output_done();
}

#define DMESG_CHUNK (16 * 1024)

/* The log as it stands when we start: what is logged meanwhile waits for the next run. */
static int show_dmesg(struct hvctl *h)
{
	static char buf[DMESG_CHUNK];
	struct hv_console_read ctl = { .index = 0 };
	uint64_t end = UINT64_MAX;
	long n;

	while (ctl.index < end) {
		n = hvctl_console_read(h, &ctl, buf, sizeof(buf));
		if (n < 0)
			return fail(h, "dmesg", n);
		if (end == UINT64_MAX)
			end = ctl.head;
		if (ctl.lost)
			fprintf(stderr, "hvinfo: dmesg: %llu bytes were overwritten before they "
				"could be read\n", (unsigned long long)ctl.lost);
		if (!n)
			break;
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			break;
	}
	return output_done();
}

int main(int argc, char **argv)
{
	struct hvctl h;
	long rc;
	int status;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "info") && strcmp(argv[1], "dmesg") &&
			 strcmp(argv[1], "--help"))) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return output_done();
	}
	rc = hvctl_open(&h);
	if (rc < 0)
		return fail(&h, HVCTL_DEVICE, rc);
	status = argc == 2 && !strcmp(argv[1], "dmesg") ? show_dmesg(&h) : show_info(&h);
	hvctl_close(&h);
	return status;
}
