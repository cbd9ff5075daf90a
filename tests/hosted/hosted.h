/*
 * The hosted machine the live-patch core runs on in tests, fuzzers and
 * benchmarks: a real x86-64 image mapped at its link address from a memfd
 * (RX, with a separate RW alias for text writes), a payload region beside
 * it, and pthreads standing in for CPUs that reach lp_check_for_work()
 * from their "softirq" loop.
 */
#ifndef TESTS_HOSTED_H
#define TESTS_HOSTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Map the image and set up the payload region; 0 or -errno. */
int hosted_boot(const char *image_path);
void hosted_shutdown(void);

/* Address of an image symbol ("name" or "file.c#name"); 0 when absent. */
uint64_t hosted_sym(const char *name);
const uint8_t *hosted_build_id(uint32_t *len);

/*
 * CPU threads. Each loops: lp_check_for_work(), then `work(cpu, arg)` if
 * given (e.g. calling a function being patched). Without threads, the
 * calling thread is CPU 0 of a 1-CPU machine.
 */
typedef void hosted_work_fn(unsigned cpu, void *arg);
int hosted_cpus_start(unsigned n, hosted_work_fn *work, void *arg);
void hosted_cpus_stop(void);
/* Pretend there are more CPUs than threads (to test rendezvous timeouts). */
void hosted_cpus_phantom(unsigned extra);

/*
 * Request an action and wait until it is done; returns lp_action's error,
 * or the payload's final rc. Drives the work itself when no CPU threads run.
 */
int hosted_action(const char *name, uint32_t cmd, uint64_t timeout_ns, uint32_t flags);

/*
 * Fault injection: the nth lp_host_text_write from now (1: the next one)
 * fails with `err` and writes nothing; 0 disarms.
 */
void hosted_fail_text_write(unsigned nth, int err);
/* Likewise for the nth lp_host_mem_protect (a payload section's permissions). */
void hosted_fail_mem_protect(unsigned nth, int err);

/*
 * Every text write checks that each other CPU thread is held in the
 * rendezvous (interrupts off) and no phantom CPU exists; a breach is
 * logged and counted, and hosted_action() then returns -EPROTO.
 */
unsigned long hosted_unheld_writes(void);
/* Write text one byte at a time with pauses (a torn patch lasts long). */
void hosted_slow_text_writes(bool on);
/* lp_host_cpu_relax() sleeps this long: CPUs notice a phase change late. */
void hosted_slow_relax(uint64_t ns);

/* Read a whole file (payload) into malloc'd memory. */
void *hosted_read_file(const char *path, size_t *len);
/* Upload a payload file from the build directory: build/tests/payloads/<name>.livepatch */
int hosted_upload_file(const char *name);
const char *hosted_payload_path(const char *name);

/* The core's log since the last clear; tests assert on messages. */
const char *hosted_log(void);
bool hosted_log_has(const char *needle);
void hosted_log_clear(void);

/*
 * The permissions of [addr, addr+len) as the kernel has them
 * (/proc/self/maps), "r-x" style, into perms[4]; 0, -ENOENT when some
 * page is unmapped, -ERANGE when the pages differ.
 */
int hosted_perms(uint64_t addr, size_t len, char perms[4]);

/* Payload region accounting, to check free vs. retire. */
size_t hosted_region_pages_free(void);
size_t hosted_region_pages_retired(void);

#endif
