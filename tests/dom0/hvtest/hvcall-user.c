/*
 * A hypercall from user mode, without the module: the hypervisor
 * intercepts VMMCALL at every CPL and must answer -EPERM at CPL 3, and this
 * process (and dom0) must survive. Without hv underneath VMMCALL raises #UD
 * (SIGILL here), so the test is skipped unless --force says to try anyway.
 * Exit: 0 refused with -EPERM, 1 any other answer, 2 a signal, 77 skipped.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "hvsig.h"

static sigjmp_buf trap;
static volatile sig_atomic_t trapped;

static void on_signal(int sig)
{
	trapped = sig;
	siglongjmp(trap, 1);
}

static long vmmcall(unsigned long op, unsigned long a0)
{
	long ret;

	__asm__ volatile("vmmcall" : "=a"(ret) : "a"(op), "D"(a0) : "memory");
	return ret;
}

static const char *errno_name(long e)
{
	const char *n = strerrorname_np((int)e);

	return n ? n : "E?";
}

int main(int argc, char **argv)
{
	int force = argc > 1 && !strcmp(argv[1], "--force");
	long r;

	if (!hv_present() && !force) {
		printf("hvcall-user: no hv hypervisor: VMMCALL would raise #UD; skipped\n");
		return 77;
	}
	signal(SIGILL, on_signal);
	signal(SIGSEGV, on_signal);
	if (sigsetjmp(trap, 1)) {
		printf("hvcall-user: VMMCALL at CPL 3 raised %s\n", sigabbrev_np(trapped));
		return 2;
	}
	/* VERSION with a pointer that would be valid enough: only the CPL is wrong. */
	r = vmmcall(HV_HYPERCALL_VERSION, 0x100000);
	printf("hvcall-user: VMMCALL at CPL 3 returned %ld (%s%s)\n", r, r < 0 ? "-" : "",
	       r < 0 ? errno_name(-r) : "not an error");
	return r == -EPERM ? 0 : 1;
}
