/*
 * The hvctl module's and the hypervisor's refusals, seen from dom0 user
 * space: every malformed ioctl gets its errno from the module before any
 * hypercall, a bad guest pointer passed as a scalar gets -EFAULT from the
 * hypervisor, and a caller without CAP_SYS_ADMIN gets EPERM. Without hv
 * underneath, a well-formed call is ENODEV (and nothing oopses); with it,
 * the calls are made. One "ok"/"not ok" line per check, then a summary.
 * Exit: 0 all passed, 1 a check failed, 2 /dev/hvctl cannot be opened.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include "hvsig.h"
#include "libhvctl.h"

static int passed, failed;

static const char *errno_name(long e)
{
	const char *n = strerrorname_np((int)e);

	return n ? n : "E?";
}

/* A result as text: -ENAME for errors, the number otherwise. */
static const char *result(long r, char buf[32])
{
	if (r < 0)
		snprintf(buf, 32, "-%s", errno_name(-r));
	else
		snprintf(buf, 32, "%ld", r);
	return buf;
}

static void check(const char *what, long want, long got)
{
	char w[32], g[32];

	if (want == got) {
		passed++;
		printf("ok - %s: %s\n", what, result(got, g));
	} else {
		failed++;
		printf("not ok - %s: want %s, got %s\n", what, result(want, w), result(got, g));
	}
}

/* The ioctl's own outcome: 0, or -errno from the module. */
static long raw_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static struct hvctl_call version_call(struct hv_version_info *v)
{
	struct hvctl_call c;

	memset(&c, 0, sizeof(c));
	c.op = HV_HYPERCALL_VERSION;
	hvctl_arg_buffer(&c, 0, v, sizeof(*v), HVCTL_BUF_OUT);
	return c;
}

static void module_refusals(struct hvctl *h)
{
	struct hv_version_info v;
	struct hvctl_call c;

	check("unknown ioctl", -ENOTTY, raw_ioctl(h->fd, _IO('H', 99), NULL));
	check("call struct at an unmapped address", -EFAULT,
	      raw_ioctl(h->fd, HVCTL_HYPERCALL, (void *)8));
	c = version_call(&v);
	c.arg[0].flags = 4;
	check("unknown buffer flag", -EINVAL, raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
	c = version_call(&v);
	c.arg[1].len = 8;
	check("scalar with a length", -EINVAL, raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
	c = version_call(&v);
	c.arg[0].len = 0;
	check("buffer of 0 bytes", -EINVAL, raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
	c = version_call(&v);
	c.arg[0].len = HVCTL_BUF_MAX + 1;
	check("buffer above HVCTL_BUF_MAX", -E2BIG, raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
}

static void without_hypervisor(struct hvctl *h)
{
	struct hv_version_info v;
	struct hvctl_call c = version_call(&v);

	check("well-formed VERSION without hv underneath", -ENODEV,
	      raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
}

static long scalar_call(struct hvctl *h, uint64_t op, uint64_t a0, uint64_t a1)
{
	struct hvctl_call c;

	memset(&c, 0, sizeof(c));
	c.op = op;
	hvctl_arg_scalar(&c, 0, a0);
	hvctl_arg_scalar(&c, 1, a1);
	return hvctl_call(h, &c);
}

/* hv_addr: a guest-physical address the hypervisor owns (0: not given). */
static void with_hypervisor(struct hvctl *h, uint64_t hv_addr)
{
	struct hv_version_info v;
	struct hv_console_read ctl;
	struct hvctl_call c;
	char buf[64];

	memset(&v, 0, sizeof(v));
	check("VERSION", 0, hvctl_version(h, &v));
	printf("# version %u.%u%s, build-id %u bytes\n", v.major, v.minor, v.extra, v.build_id_len);
	c = version_call(&v);
	c.arg[0].value = 8;
	c.arg[0].flags = HVCTL_BUF_IN | HVCTL_BUF_OUT;
	check("VERSION into an unmapped user buffer (module)", -EFAULT,
	      raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
	check("VERSION to guest-physical 1 << 52, beyond dom0 RAM (hypervisor)", -EFAULT,
	      scalar_call(h, HV_HYPERCALL_VERSION, 1ull << 52, 0));
	if (hv_addr)
		check("VERSION into hypervisor memory, inside dom0's physical map (hypervisor)",
		      -EFAULT, scalar_call(h, HV_HYPERCALL_VERSION, hv_addr, 0));
	check("VERSION to a guest-physical range that wraps (hypervisor)", -EFAULT,
	      scalar_call(h, HV_HYPERCALL_VERSION, ~0ull - 16, 0));
	check("VERSION with a second argument (hypervisor)", -EINVAL,
	      scalar_call(h, HV_HYPERCALL_VERSION, 0, 1));
	check("unknown op 9999 (hypervisor)", -ENOSYS, scalar_call(h, 9999, 0, 0));
	memset(&ctl, 0, sizeof(ctl));
	check("CONSOLE, 64 bytes from index 0", 64, hvctl_console_read(h, &ctl, buf, sizeof(buf)));
	memset(&c, 0, sizeof(c));
	ctl.size = HV_CONSOLE_READ_MAX + 1;
	c.op = HV_HYPERCALL_CONSOLE;
	hvctl_arg_buffer(&c, 0, &ctl, sizeof(ctl), HVCTL_BUF_IN | HVCTL_BUF_OUT);
	hvctl_arg_buffer(&c, 1, buf, sizeof(buf), HVCTL_BUF_OUT);
	check("CONSOLE asking for more than HV_CONSOLE_READ_MAX (hypervisor)", -E2BIG,
	      hvctl_call(h, &c));
}

/* In a child that drops root but keeps the open descriptor. */
static void unprivileged(struct hvctl *h)
{
	struct hv_version_info v;
	struct hvctl_call c = version_call(&v);
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(255);
		_exit((int)-raw_ioctl(h->fd, HVCTL_HYPERCALL, &c));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		check("call after dropping root (child ran)", 0, -ECHILD);
		return;
	}
	check("call after dropping root", -EPERM, -WEXITSTATUS(status));
}

/* argv[1], optional: an address of the hypervisor's (from `hvinfo dmesg`). */
int main(int argc, char **argv)
{
	uint64_t hv_addr = argc > 1 ? strtoull(argv[1], NULL, 0) : 0;
	struct hvctl h;
	long rc = hvctl_open(&h);

	if (rc < 0) {
		printf("not ok - open %s: %s\n", HVCTL_DEVICE, errno_name(-rc));
		return 2;
	}
	module_refusals(&h);
	if (hv_present())
		with_hypervisor(&h, hv_addr);
	else
		without_hypervisor(&h);
	unprivileged(&h);
	hvctl_close(&h);
	printf("hvctl-check: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
