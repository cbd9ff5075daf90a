/*
 * Hypercall round trip against a system call, in dom0 (`make bench`):
 *   getpid        syscall(SYS_getpid): the kernel entry and exit alone
 *   hypercall     VERSION through /dev/hvctl: syscall, the module's checks
 *                 and bounce buffer, VMMCALL, the exit and VMRUN back
 *   vmmcall-cpl3  VMMCALL from user mode: the exit round trip alone (the
 *                 hypervisor answers -EPERM without dispatching)
 * Each runs for about BENCH_NS; the median of 5 runs is printed, in ns per
 * call, with the ratios. A table, never a pass/fail.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "hvsig.h"
#include "libhvctl.h"

#define BENCH_NS 200000000ull   /* per run */
#define RUNS 5

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct hvctl h;
static struct hv_version_info v;

static int op_getpid(void)
{
	return syscall(SYS_getpid) > 0 ? 0 : -1;
}

static int op_hypercall(void)
{
	return hvctl_version(&h, &v) == 0 ? 0 : -1;
}

static int op_vmmcall(void)
{
	long r;

	__asm__ volatile("vmmcall" : "=a"(r) : "a"((long)HV_HYPERCALL_VERSION), "D"(0l) : "memory");
	return r == -EPERM ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ns per call, median of RUNS; negative when an op failed. */
static double measure(int (*op)(void), uint64_t *calls)
{
	double r[RUNS];

	for (int i = 0; i < RUNS; i++) {
		uint64_t n = 0, t0 = now_ns(), t;

		do {
			for (int k = 0; k < 16; k++, n++)
				if (op())
					return -1;
			t = now_ns();
		} while (t - t0 < BENCH_NS);
		r[i] = (double)(t - t0) / (double)n;
		*calls += n;
	}
	qsort(r, RUNS, sizeof(r[0]), cmp);
	return r[RUNS / 2];
}

int main(void)
{
	uint64_t c_pid = 0, c_hc = 0, c_vm = 0;
	double pid, hc, vm;
	long rc;

	if (!hv_present()) {
		printf("hvbench: no hv hypervisor underneath\n");
		return 77;
	}
	rc = hvctl_open(&h);
	if (rc < 0) {
		printf("hvbench: %s: %s\n", HVCTL_DEVICE, strerrorname_np((int)-rc));
		return 2;
	}
	pid = measure(op_getpid, &c_pid);
	hc = measure(op_hypercall, &c_hc);
	vm = measure(op_vmmcall, &c_vm);
	hvctl_close(&h);
	if (pid < 0 || hc < 0 || vm < 0) {
		printf("hvbench: an operation failed (getpid %.0f, hypercall %.0f, vmmcall %.0f)\n",
		       pid, hc, vm);
		return 1;
	}
	printf("hvbench: getpid %.0f ns (%llu calls)\n", pid, (unsigned long long)c_pid);
	printf("hvbench: hypercall %.0f ns (%llu calls)\n", hc, (unsigned long long)c_hc);
	printf("hvbench: vmmcall-cpl3 %.0f ns (%llu calls)\n", vm, (unsigned long long)c_vm);
	printf("hvbench: ratio hypercall/getpid %.1f vmmcall-cpl3/getpid %.1f\n", hc / pid, vm / pid);
	return 0;
}
