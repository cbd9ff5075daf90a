/*
 * The verbs that talk to the hypervisor. Actions are asynchronous in the
 * hypervisor: ACTION records the request, then GET is polled until rc is
 * no longer -EAGAIN. A refusal's reason is what the hypervisor logged for
 * it, read back from its log ring (the CONSOLE op) from the index it had
 * before the request.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvpatch.h"
#include "libhvctl.h"

#define LOG_STEP (16 * 1024)
#define LOG_KEEP (256 * 1024)

struct action_opts {
	uint64_t timeout_ns;
	double wait_s;
	uint32_t flags;
};

static const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static int open_hv(struct hvctl *h)
{
	long rc = hvctl_open(h);

	if (rc) {
		fprintf(stderr, "hvpatch: cannot open %s: %s (%s)%s\n", HVCTL_DEVICE,
			errno_name((int)-rc), strerror((int)-rc),
			rc == -ENOENT ? ": is the hvctl module loaded?" : "");
		return HVPATCH_NO_HV;
	}
	return 0;
}

/* ---- the hypervisor's log since a mark ---- */

static uint64_t log_mark(struct hvctl *h)
{
	struct hv_console_read ctl = { 0 };
	char byte;

	return hvctl_console_read(h, &ctl, &byte, 1) >= 0 ? ctl.head : 0;
}

/* Lines the hypervisor logged since `mark` about `name` (and the sysctl's
 * own refusals), each printed after `prefix`; only those containing
 * `only` when it is set. */
static void log_since(struct hvctl *h, uint64_t mark, const char *name, const char *only,
		      FILE *out, const char *prefix)
{
	char *buf = malloc(LOG_KEEP + 1), *line, *save;
	struct hv_console_read ctl = { .index = mark };
	char about[LIVEPATCH_NAME_SIZE + 16];
	size_t len = 0;
	long n;

	if (!mark || !buf) {
		free(buf);
		return;
	}
	while (len + LOG_STEP <= LOG_KEEP &&
	       (n = hvctl_console_read(h, &ctl, buf + len, LOG_STEP)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	snprintf(about, sizeof(about), "livepatch: %s: ", name);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *text = strstr(line, "livepatch");

		if (!text || (strncmp(text, about, strlen(about)) &&
			      strncmp(text, "livepatch sysctl: ", 18) &&
			      strncmp(text, "livepatch: payload name", 23)))
			continue;
		if (!only || strstr(text, only))
			fprintf(out, "%s%s\n", prefix, text);
	}
	free(buf);
}

/* One refusal: the errno in words, where it came from, the logged reason. */
static int refused(struct hvctl *h, uint64_t mark, const char *name, const char *what, long rc)
{
	int e = (int)-rc;

	if (h->where != HVCTL_AT_HYPERVISOR) {
		fprintf(stderr, "hvpatch: %s: %s: %s refused it: %s (%s)\n", name, what,
			hvctl_where_name(h->where), errno_name(e), strerror(e));
		return HVPATCH_NO_HV;
	}
	fprintf(stderr, "hvpatch: %s: %s refused: -%s (%s)\n", name, what, errno_name(e),
		strerror(e));
	log_since(h, mark, name, NULL, stderr, "hvpatch:   hypervisor: ");
	return HVPATCH_REJECTED;
}

/* ---- options ---- */

static int parse_opts(int argc, char **argv, bool nodeps_ok, struct action_opts *o,
		      const char **arg)
{
	char *end;

	o->timeout_ns = 0;
	o->wait_s = 10;
	o->flags = 0;
	*arg = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--nodeps") && nodeps_ok) {
			o->flags |= LIVEPATCH_ACTION_APPLY_NODEPS;
		} else if (!strcmp(argv[i], "--timeout-ns") && i + 1 < argc) {
			errno = 0;
			o->timeout_ns = strtoull(argv[++i], &end, 0);
			if (errno || *end || !*argv[i])
				return hvpatch_usage_error(argv[0], "--timeout-ns takes a number of ns");
		} else if (!strcmp(argv[i], "--wait") && i + 1 < argc) {
			o->wait_s = strtod(argv[++i], &end);
			if (*end || !*argv[i] || o->wait_s <= 0)
				return hvpatch_usage_error(argv[0], "--wait takes a positive number of seconds");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return hvpatch_usage_error(argv[0], "unknown option");
		} else if (*arg) {
			return hvpatch_usage_error(argv[0], "too many arguments");
		} else {
			*arg = argv[i];
		}
	}
	if (!*arg)
		return hvpatch_usage_error(argv[0], "missing argument");
	return 0;
}

/* ---- actions ---- */

static const char *const cmd_names[] = {
	[LIVEPATCH_ACTION_UNLOAD] = "unload",
	[LIVEPATCH_ACTION_REVERT] = "revert",
	[LIVEPATCH_ACTION_APPLY] = "apply",
	[LIVEPATCH_ACTION_REPLACE] = "replace",
};

static const char *const done_words[] = {
	[LIVEPATCH_ACTION_UNLOAD] = "unloaded",
	[LIVEPATCH_ACTION_REVERT] = "reverted",
	[LIVEPATCH_ACTION_APPLY] = "applied",
	[LIVEPATCH_ACTION_REPLACE] = "replaced every applied payload",
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int wait_result(struct hvctl *h, const char *name, uint32_t cmd, double wait_s,
		       struct hv_livepatch_status *st)
{
	double give_up = now_s() + wait_s;
	long rc;

	for (;;) {
		rc = hvctl_lp_get(h, name, st);
		if (rc)
			return (int)rc;
		if (st->rc != -EAGAIN)
			return 0;
		if (now_s() > give_up) {
			fprintf(stderr, "hvpatch: %s: %s still in progress after %g s (rc -EAGAIN); "
				"`hvpatch list` shows when it ends\n", name, cmd_names[cmd], wait_s);
			return -EAGAIN;
		}
		usleep(1000);
	}
}

/*
 * A rendezvous that times out patched nothing, so with the default bound
 * it is retried with longer ones (emulated or busy CPUs can take longer
 * than the default to all answer); a bound the caller chose is kept.
 */
static const uint64_t retry_bounds_ns[] = { 100000000ull, 400000000ull, 1600000000ull };

static int action(struct hvctl *h, const char *name, uint32_t cmd, const struct action_opts *o)
{
	uint64_t mark = log_mark(h), bound = o->timeout_ns;
	struct hv_livepatch_status st;
	unsigned tries = 0;
	long rc;
	int e;

again:
	rc = hvctl_lp_action(h, name, cmd, bound, o->flags);
	if (rc)
		return refused(h, mark, name, cmd_names[cmd], rc);
	if (cmd != LIVEPATCH_ACTION_UNLOAD) {
		rc = wait_result(h, name, cmd, o->wait_s, &st);
		if (rc == -EAGAIN)
			return HVPATCH_TIMEOUT;
		if (rc)
			return refused(h, mark, name, "status", rc);
		if (st.rc == -ETIMEDOUT && !o->timeout_ns &&
		    tries < sizeof(retry_bounds_ns) / sizeof(retry_bounds_ns[0])) {
			bound = retry_bounds_ns[tries++];
			fprintf(stderr, "hvpatch: %s: %s: the CPUs did not rendezvous in time (nothing patched); "
				"retry %u with a %llu ms bound\n", name, cmd_names[cmd], tries,
				(unsigned long long)(bound / 1000000));
			goto again;
		}
		if (st.rc) {
			e = -st.rc;
			fprintf(stderr, "hvpatch: %s: %s failed: -%s (%s)%s\n", name, cmd_names[cmd],
				errno_name(e), strerror(e),
				st.rc == -ETIMEDOUT ? ": the CPUs did not rendezvous in time; nothing patched" : "");
			log_since(h, mark, name, NULL, stderr, "hvpatch:   hypervisor: ");
			return st.rc == -ETIMEDOUT ? HVPATCH_TIMEOUT : HVPATCH_REJECTED;
		}
	}
	printf("hvpatch: %s: %s\n", name, done_words[cmd]);
	log_since(h, mark, name, " done: ", stdout, "hvpatch:   hypervisor: ");
	return HVPATCH_OK;
}

static int action_verb(int argc, char **argv, uint32_t cmd)
{
	struct action_opts o;
	struct hvctl h;
	const char *name;
	int rc = parse_opts(argc, argv, cmd == LIVEPATCH_ACTION_APPLY, &o, &name);

	if (rc)
		return rc;
	if (cmd == LIVEPATCH_ACTION_UNLOAD && (o.timeout_ns || o.wait_s != 10))
		return hvpatch_usage_error(argv[0], "unload takes no options");
	rc = open_hv(&h);
	if (rc)
		return rc;
	rc = action(&h, name, cmd, &o);
	hvctl_close(&h);
	return rc;
}

int hvpatch_apply(int argc, char **argv)
{
	return action_verb(argc, argv, LIVEPATCH_ACTION_APPLY);
}

int hvpatch_revert(int argc, char **argv)
{
	return action_verb(argc, argv, LIVEPATCH_ACTION_REVERT);
}

int hvpatch_replace(int argc, char **argv)
{
	return action_verb(argc, argv, LIVEPATCH_ACTION_REPLACE);
}

int hvpatch_unload(int argc, char **argv)
{
	return action_verb(argc, argv, LIVEPATCH_ACTION_UNLOAD);
}

/* ---- upload, load ---- */

static int upload(struct hvctl *h, const char *name, const char *file)
{
	uint64_t mark;
	size_t len;
	void *elf = hvpatch_read_file(file, &len);
	long rc;

	if (!elf)
		return HVPATCH_FILE;
	if (len > HVCTL_BUF_MAX) {
		fprintf(stderr, "hvpatch: %s: %zu bytes; one hypercall buffer through %s holds at most %u\n",
			file, len, HVCTL_DEVICE, HVCTL_BUF_MAX);
		free(elf);
		return HVPATCH_FILE;
	}
	mark = log_mark(h);
	rc = hvctl_lp_upload(h, name, elf, (uint32_t)len);
	free(elf);
	if (rc)
		return refused(h, mark, name, "upload", rc);
	printf("hvpatch: %s: uploaded %zu bytes from %s\n", name, len, file);
	return HVPATCH_OK;
}

int hvpatch_upload(int argc, char **argv)
{
	struct hvctl h;
	int rc;

	if (argc != 3)
		return hvpatch_usage_error(argv[0], argc < 3 ? "missing argument" : "too many arguments");
	rc = open_hv(&h);
	if (rc)
		return rc;
	rc = upload(&h, argv[1], argv[2]);
	hvctl_close(&h);
	return rc;
}

int hvpatch_load(int argc, char **argv)
{
	char name[LIVEPATCH_NAME_SIZE + 1];
	struct action_opts o;
	struct hvctl h;
	const char *file;
	int rc = parse_opts(argc, argv, true, &o, &file);

	if (rc)
		return rc;
	hvpatch_name_from_path(file, name, sizeof(name));
	rc = open_hv(&h);
	if (rc)
		return rc;
	rc = upload(&h, name, file);
	if (!rc)
		rc = action(&h, name, LIVEPATCH_ACTION_APPLY, &o);
	hvctl_close(&h);
	return rc;
}

/* ---- list ---- */

struct item {
	char name[LIVEPATCH_NAME_SIZE];
	struct hv_livepatch_status st;
	char *meta;
	uint32_t meta_len;
};

static const char *state_name(uint32_t state)
{
	return state == LIVEPATCH_STATE_CHECKED ? "CHECKED" :
	       state == LIVEPATCH_STATE_APPLIED ? "APPLIED" : "?";
}

static void free_items(struct item *it, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		free(it[i].meta);
	free(it);
}

/* One page from idx; returns entries added or -errno (-ESTALE: the set changed). */
static long list_page(struct hvctl *h, uint32_t idx, uint32_t want, uint32_t version,
		      struct item *it)
{
	static struct hv_livepatch_list_entry entries[LIVEPATCH_LIST_MAX];
	static char names[LIVEPATCH_LIST_NAMES_MAX], meta[LIVEPATCH_LIST_METADATA_MAX];
	struct hv_livepatch_list ctl = {
		.idx = idx, .nr = want, .name_size = sizeof(names), .metadata_size = sizeof(meta),
	};
	uint32_t noff = 0, moff = 0;
	long n = hvctl_lp_list(h, &ctl, entries, names, meta);

	if (n < 0)
		return n;
	if (ctl.version != version || !n)
		return -ESTALE;
	for (long i = 0; i < n; i++) {
		const struct hv_livepatch_list_entry *e = &entries[i];

		if (e->name_len > LIVEPATCH_NAME_SIZE || noff + e->name_len > sizeof(names) ||
		    moff + e->metadata_len > sizeof(meta))
			return -EPROTO;
		memcpy(it[i].name, names + noff, e->name_len);
		it[i].name[e->name_len - 1] = 0;
		it[i].st = e->status;
		it[i].meta_len = e->metadata_len;
		it[i].meta = malloc(e->metadata_len + 1);
		if (!it[i].meta)
			return -ENOMEM;
		memcpy(it[i].meta, meta + moff, e->metadata_len);
		it[i].meta[e->metadata_len] = 0;
		noff += e->name_len;
		moff += e->metadata_len;
	}
	return n;
}

/* Probe, then page through; start again if the set changes meanwhile. */
static long list_all(struct hvctl *h, struct item **out, uint32_t *count)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		struct hv_livepatch_list probe = { 0 };
		struct item *it;
		uint32_t got = 0;
		long rc = hvctl_lp_list(h, &probe, NULL, NULL, NULL);

		if (rc < 0)
			return rc;
		it = calloc(probe.nr + 1, sizeof(*it));
		if (!it)
			return -ENOMEM;
		while (got < probe.nr) {
			uint32_t want = probe.nr - got < LIVEPATCH_LIST_MAX ? probe.nr - got : LIVEPATCH_LIST_MAX;

			rc = list_page(h, got, want, probe.version, it + got);
			if (rc < 0)
				break;
			got += (uint32_t)rc;
		}
		if (got == probe.nr) {
			*out = it;
			*count = got;
			return 0;
		}
		free_items(it, probe.nr);
		if (rc != -ESTALE)
			return rc;
	}
	return -ESTALE;
}

static void json_string(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_json(const struct item *it, uint32_t n)
{
	putchar('[');
	for (uint32_t i = 0; i < n; i++) {
		printf("%s{\"name\":", i ? "," : "");
		json_string(it[i].name, strlen(it[i].name));
		printf(",\"state\":\"%s\",\"rc\":%d,\"metadata\":[", state_name(it[i].st.state),
		       it[i].st.rc);
		for (uint32_t off = 0, k = 0; off < it[i].meta_len; k++) {
			size_t l = strnlen(it[i].meta + off, it[i].meta_len - off);

			if (k)
				putchar(',');
			json_string(it[i].meta + off, l);
			off += (uint32_t)l + 1;
		}
		printf("]}");
	}
	printf("]\n");
}

static void print_table(const struct item *it, uint32_t n)
{
	printf("%-32s %-8s %-10s %s\n", "NAME", "STATE", "RC", "METADATA");
	for (uint32_t i = 0; i < n; i++) {
		char rc[32];

		if (it[i].st.rc)
			snprintf(rc, sizeof(rc), "-%s", errno_name(-it[i].st.rc));
		else
			snprintf(rc, sizeof(rc), "0");
		printf("%-32s %-8s %-10s", it[i].name, state_name(it[i].st.state), rc);
		for (uint32_t off = 0; off < it[i].meta_len;) {
			size_t l = strnlen(it[i].meta + off, it[i].meta_len - off);

			printf(" %.*s", (int)l, it[i].meta + off);
			off += (uint32_t)l + 1;
		}
		putchar('\n');
	}
}

int hvpatch_list(int argc, char **argv)
{
	bool json = false;
	struct item *it = NULL;
	uint32_t n = 0;
	struct hvctl h;
	long rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else
			return hvpatch_usage_error(argv[0], "unknown argument");
	}
	rc = open_hv(&h);
	if (rc)
		return (int)rc;
	rc = list_all(&h, &it, &n);
	if (rc) {
		rc = refused(&h, 0, "list", "list", rc);
		hvctl_close(&h);
		return (int)rc;
	}
	if (json)
		print_json(it, n);
	else
		print_table(it, n);
	free_items(it, n);
	hvctl_close(&h);
	return HVPATCH_OK;
}
