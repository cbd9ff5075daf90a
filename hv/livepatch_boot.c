/*
 * The boot-time payload list (livepatch=a,b on the command line; the stub
 * loaded the files). Each goes through lp_upload() and lp_action(APPLY),
 * the calls the sysctl makes, and this CPU drives the rendezvous from its
 * softirq path while the others answer the kick from their idle loops.
 * A payload that fails is logged and skipped; boot goes on.
 */
#include <string.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/errno.h>
#include <hv/livepatch_host.h>
#include <hv/printk.h>
#include <hv/selftest.h>
#include <hv/softirq.h>
#include <hv/symbols.h>
#include <hv/time.h>
#include <hv/version.h>
#include "livepatch/livepatch.h"
#include "livepatch/errno_name.h"

/* How long past its rendezvous bound an action may stay pending. */
#define WAIT_NS (5ull * 1000 * 1000 * 1000)
#define MS 1000000ull
/*
 * A rendezvous that times out patches nothing, so at boot (no guest to
 * disturb yet) it is retried with a doubled bound, at least the default:
 * emulated or oversubscribed CPUs can take longer than the default to all
 * answer. livepatch_timeout=<ms> sets the first try's bound (up to the
 * core's maximum, LIVEPATCH_TIMEOUT_MAX_NS); 0 gives the others no time at
 * all, so the first try times out and the retry path runs.
 */
#define BOOT_TRIES 4

/* "dir/xen_hello_world.livepatch" -> "xen_hello_world", as Xen's tools name them. */
static void payload_name(const char *file, char *out, size_t len)
{
	const char *base = file, *dot;
	size_t n;

	for (const char *s = file; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	dot = strchr(base, '.');
	n = dot ? (size_t)(dot - base) : strlen(base);
	n = n < len - 1 ? n : len - 1;
	memcpy(out, base, n);
	out[n] = 0;
}

static int wait_done(const char *name, uint64_t bound)
{
	uint64_t deadline = now_ns() + bound + WAIT_NS;
	struct hv_livepatch_status st;
	int rc;

	for (;;) {
		do_softirq();
		lp_check_for_work();
		rc = lp_get(name, &st);
		if (rc)
			return rc;
		if (st.rc != -EAGAIN)
			return st.rc;
		if (now_ns() > deadline) {
			pr_err("livepatch: %s: still pending after %llu ms\n", name,
			       (unsigned long long)((bound + WAIT_NS) / MS));
			return -ETIMEDOUT;
		}
		__asm__ volatile("pause");
	}
}

/* Decimal milliseconds, whole word; false on anything else or overflow. */
static bool parse_ms(const char *s, uint64_t *ms)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > UINT32_MAX)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*ms = v;
	return true;
}

/* The first try's bound in ns: livepatch_timeout=<ms>, else the default. */
static uint64_t first_bound(void)
{
	char v[24];
	uint64_t ms;

	if (!cmdline_get("livepatch_timeout", v, sizeof(v)))
		return LP_DEFAULT_TIMEOUT_NS;
	if (!parse_ms(v, &ms)) {
		pr_warn("livepatch_timeout=%s is not a number of milliseconds; using %llu ms\n", v,
			(unsigned long long)(LP_DEFAULT_TIMEOUT_NS / MS));
		return LP_DEFAULT_TIMEOUT_NS;
	}
	if (ms > LIVEPATCH_TIMEOUT_MAX_NS / MS) {
		pr_warn("livepatch_timeout=%s exceeds the %llu ms maximum; using %llu ms\n", v,
			(unsigned long long)(LIVEPATCH_TIMEOUT_MAX_NS / MS),
			(unsigned long long)(LP_DEFAULT_TIMEOUT_NS / MS));
		return LP_DEFAULT_TIMEOUT_NS;
	}
	printk("livepatch: boot-time rendezvous bound %llu ms (livepatch_timeout)\n",
	       (unsigned long long)ms);
	/* lp_action() reads 0 as "the default": 1 ns is "no time at all". */
	return ms ? ms * MS : 1;
}

static uint64_t next_bound(uint64_t bound)
{
	bound = bound < LP_DEFAULT_TIMEOUT_NS ? LP_DEFAULT_TIMEOUT_NS : bound * 2;
	return bound < LIVEPATCH_TIMEOUT_MAX_NS ? bound : LIVEPATCH_TIMEOUT_MAX_NS;
}

static int apply_with_retries(const char *name, uint64_t bound)
{
	int rc = -ETIMEDOUT;

	for (int try = 0; try < BOOT_TRIES && rc == -ETIMEDOUT; try++) {
		if (try) {
			bound = next_bound(bound);
			pr_warn("livepatch: %s: rendezvous timed out; retrying with a %llu ms bound\n",
				name, (unsigned long long)(bound / MS));
		}
		rc = lp_action(name, LIVEPATCH_ACTION_APPLY, bound, 0);
		if (!rc)
			rc = wait_done(name, bound);
	}
	return rc;
}

static void apply_one(const struct hv_boot_module *m, uint64_t bound)
{
	char name[LIVEPATCH_NAME_SIZE];
	int rc;

	payload_name(m->name, name, sizeof(name));
	rc = lp_upload(name, (const void *)m->addr, m->size);
	if (rc) {
		pr_err("livepatch: boot payload %s (%s): upload failed: %d (%s)\n", name, m->name, rc,
		       lp_errno_name(rc));
		return;
	}
	rc = apply_with_retries(name, bound);
	if (rc) {
		pr_err("livepatch: boot payload %s: apply failed: %d (%s)\n", name, rc, lp_errno_name(rc));
		return;
	}
	printk("livepatch: boot payload %s applied\n", name);
}

/* Name where a patched function now jumps: checks payload symbolization too. */
static void report_redirect(uint64_t fn, const char *what)
{
	uint64_t to = text_jump_target(fn), off, size;
	const char *payload, *name;

	if (!to)
		return;
	name = symbols_lookup(to, &off, &size, &payload);
	printk("%s jumps to %s+%#llx/%#llx [%s]\n", what, name ? name : "?",
	       (unsigned long long)off, (unsigned long long)size, payload ? payload : "hv");
}

/* Two calls; xen_nop (when applied) keeps them from being counted. */
static void report_nop_probe(void)
{
	/* Nothing else calls the probe: its counter starts at 0, so the first call
	 * was counted exactly when `before` is non-zero. */
	int before = xen_nop_probe();
	int after = xen_nop_probe();

	printk("xen_nop_probe: counted %d of 2 calls\n", after - before + (before ? 1 : 0));
}

void livepatch_boot_list(const struct hv_bootinfo *bi)
{
	uint64_t bound = bi->nr_livepatches ? first_bound() : LP_DEFAULT_TIMEOUT_NS;

	if (bi->nr_livepatches && !symbols_table()) {
		pr_err("livepatch: no symbol table; skipping %u boot-time payload(s)\n",
		       bi->nr_livepatches);
	} else if (bi->nr_livepatches) {
		printk("livepatch: applying %u boot-time payload(s)\n", bi->nr_livepatches);
	}
	for (uint32_t i = 0; symbols_table() && i < bi->nr_livepatches && i < HV_BOOT_MAX_MODULES; i++)
		apply_one(&bi->livepatch[i], bound);
	printk("xen_extra_version: %s\n", xen_extra_version());
	report_redirect((uint64_t)xen_extra_version, "xen_extra_version");
	report_nop_probe();
}
