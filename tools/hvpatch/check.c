/*
 * `hvpatch check --hv IMAGE PAYLOAD...`: run the hypervisor's own loader
 * and resolver on the payloads, in order, against IMAGE, and say for each
 * what it would patch or exactly why the hypervisor would refuse it. The
 * verdicts come from the core itself (its return codes and first error
 * line), so the checker cannot disagree with the hypervisor about a rule.
 *
 * Order matters as on the real system: payload N may resolve symbols that
 * payloads 1..N-1 export, its .livepatch.depends is judged against the
 * last accepted payload before it (the top of the stack if they were
 * applied in command-line order), and its expected old code is compared
 * with IMAGE as the earlier accepted payloads would have patched it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_host.h"
#include "hvpatch.h"
#include "livepatch/livepatch.h"
#include "livepatch/payload.h"

/* Far above what the core accepts (it rejects by itself, with its own words). */
#define MAX_READ (256u << 20)
/* Exported names shown per payload; the count is always exact. */
#define MAX_LISTED 16

struct opts {
	const char *image;
	bool verbose;
	char **payloads;
	int npayloads;
};

/* One command-line payload and what became of it. */
struct entry {
	const char *path;
	char *name;
	bool loaded;     /* lp_upload accepted it */
	bool accepted;   /* ... and the apply-time checks passed */
};

void hvpatch_check_usage(FILE *out)
{
	fprintf(out,
		"usage: hvpatch check --hv IMAGE [-v] PAYLOAD.livepatch...\n"
		"\n"
		"Run the hypervisor's payload loader and resolver offline against IMAGE\n"
		"(the linked hypervisor ELF with symbols and build-id, e.g. hv-syms).\n"
		"Payloads are uploaded in order, named by file name without .livepatch,\n"
		"so a stacked payload resolves the symbols of the ones before it and its\n"
		".livepatch.depends is checked against the previous accepted payload.\n"
		"\n"
		"  --hv IMAGE    hypervisor image to check against (required)\n"
		"  -v, --verbose also show the core's debug log\n"
		"  -h, --help    this text\n"
		"\n"
		"exit status: 0 all accepted, 1 any rejected, 2 usage error\n");
}

/* 0: go on; 1: help was printed; -1: usage error (already reported). */
static int parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			hvpatch_check_usage(stdout);
			return 1;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o->verbose = true;
		} else if (!strcmp(a, "--hv") || !strcmp(a, "--image")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "hvpatch check: %s needs an IMAGE argument\n", a);
				return -1;
			}
			o->image = argv[++i];
		} else if (!strncmp(a, "--hv=", 5)) {
			o->image = a + 5;
		} else {
			fprintf(stderr, "hvpatch check: unknown option '%s'\n", a);
			return -1;
		}
	}
	if (!o->image || !*o->image) {
		fprintf(stderr, "hvpatch check: no hypervisor image (--hv IMAGE)\n");
		return -1;
	}
	if (i >= argc) {
		fprintf(stderr, "hvpatch check: no payloads to check\n");
		return -1;
	}
	o->payloads = argv + i;
	o->npayloads = argc - i;
	return 0;
}

static const char *errname(int rc)
{
	const char *n = strerrorname_np(rc < 0 ? -rc : rc);

	return n ? n : "?";
}

/* The payload's name as the hypervisor would get it from `hvpatch upload`. */
static char *payload_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;
	char *name;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 10 && !strcmp(base + len - 10, ".livepatch"))
		len -= 10;
	name = malloc(len + 1);
	if (name) {
		memcpy(name, base, len);
		name[len] = 0;
	}
	return name;
}

/* 0, or an errno saying why `fd` is not a payload file we are willing to read. */
static int readable_size(int fd, size_t *size)
{
	struct stat st;

	if (fstat(fd, &st))
		return errno;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	if ((uint64_t)st.st_size > MAX_READ)
		return EFBIG;
	*size = (size_t)st.st_size;
	return 0;
}

/* Whole file, or NULL with errno set; an empty file is a 1-byte buffer of length 0. */
static void *read_payload(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	size_t size = 0, got = 0;
	uint8_t *buf;
	int e;

	if (fd < 0)
		return NULL;
	e = readable_size(fd, &size);
	buf = e ? NULL : malloc(size + 1);
	if (!e && !buf)
		e = ENOMEM;
	while (buf && got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n <= 0) {
			e = n ? errno : EIO;
			free(buf);
			buf = NULL;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	errno = e;
	return buf;
}

static void print_rejected(const struct entry *e, const char *stage, int rc)
{
	const char *why = check_host_first_error();

	printf("%s: REJECTED at %s (-%s, %d): %s\n", e->name, stage, errname(rc), rc,
	       why ? why : "(no reason logged)");
}

/* Which earlier payload (or the hypervisor) carries build-id `hex`. */
static void print_depends(const char *hex, const struct entry *earlier, int n)
{
	uint32_t hvlen;
	const uint8_t *hv = check_host_build_id(&hvlen);
	char hvhex[2 * LP_BUILD_ID_MAX + 1];
	struct lp_build_id id = { .len = hvlen <= LP_BUILD_ID_MAX ? hvlen : 0 };

	if (!*hex) {
		printf("  depends       none (sits directly on the hypervisor)\n");
		return;
	}
	for (int i = n - 1; i >= 0; i--) {
		struct lp_payload_info info;

		if (!earlier[i].loaded || lp_payload_info(earlier[i].name, &info) ||
		    strcmp(info.build_id, hex))
			continue;
		printf("  depends       %s = %s (payload %d on the command line)\n", hex,
		       earlier[i].name, i + 1);
		return;
	}
	memcpy(id.bytes, hv, id.len);
	lp_format_build_id(&id, hvhex, sizeof(hvhex));
	printf("  depends       %s = %s\n", hex,
	       !strcmp(hvhex, hex) ? "the hypervisor" : "no earlier payload on the command line");
}

static void print_hooks(const struct hv_payload *p)
{
	const struct lp_hooks *h = &p->hooks;

	printf("  hooks        ");
	if (!h->nload && !h->nunload && !h->preapply && !h->apply && !h->postapply &&
	    !h->prerevert && !h->revert && !h->postrevert) {
		printf(" none\n");
		return;
	}
	if (h->nload)
		printf(" load(%u)", h->nload);
	if (h->nunload)
		printf(" unload(%u)", h->nunload);
	printf("%s%s%s%s%s%s\n", h->preapply ? " preapply" : "", h->apply ? " apply" : "",
	       h->postapply ? " postapply" : "", h->prerevert ? " prerevert" : "",
	       h->revert ? " revert" : "", h->postrevert ? " postrevert" : "");
}

static void print_exports(const struct hv_payload *p)
{
	printf("  symbols       %u defined, %u exported", p->nsyms, p->nexports);
	for (uint32_t i = 0; i < p->nexports && i < MAX_LISTED; i++)
		printf("%s%s", i ? ", " : ": ", p->exports[i].name);
	printf("%s\n", p->nexports > MAX_LISTED ? ", ..." : "");
}

static void print_modinfo(const struct lp_payload_info *info)
{
	const char *m = info->metadata;
	bool any = false;

	for (uint32_t i = 0; m && i < info->metadata_len; i += (uint32_t)strlen(m + i) + 1) {
		if (!m[i])
			continue;
		printf("  modinfo       %s\n", m + i);
		any = true;
	}
	if (!any)
		printf("  modinfo       none\n");
}

static void print_funcs(const char *name, uint32_t nfuncs)
{
	printf("  functions     %u\n", nfuncs);
	for (uint32_t i = 0; i < nfuncs; i++) {
		struct lp_func_info f;
		uint64_t off, size;
		const char *pname, *sym;

		if (lp_func_info(name, i, &f))
			break;
		printf("    %s: old %#llx +%u -> ", f.name, (unsigned long long)f.old_addr,
		       f.old_size);
		if (f.nop) {
			printf("NOP %u bytes", f.new_size);
		} else {
			sym = lp_symbol_by_addr(f.new_addr, &off, &size, &pname);
			printf("new %#llx +%u", (unsigned long long)f.new_addr, f.new_size);
			if (sym)
				printf(" (%s+%#llx)", sym, (unsigned long long)off);
		}
		printf("%s%s\n", f.has_expectation ? ", expectation" : "",
		       f.has_hash ? ", xxh64" : "");
	}
}

static void print_report(const struct entry *e, const struct hv_payload *p,
			 const struct lp_payload_info *info, const struct entry *earlier, int n)
{
	printf("  build-id      %s\n", *info->build_id ? info->build_id : "none");
	printf("  hypervisor    %s (matches IMAGE)\n", info->hv_depends);
	print_depends(info->depends, earlier, n);
	printf("  text          %#llx, %llu bytes\n", (unsigned long long)info->text_run,
	       (unsigned long long)info->text_size);
	printf("  rodata        %llu bytes, data %llu bytes (page-rounded)\n",
	       (unsigned long long)info->ro_size, (unsigned long long)info->rw_size);
	printf("  relocations   %u\n", info->nrelocs);
	print_exports(p);
	print_hooks(p);
	print_modinfo(info);
	print_funcs(e->name, info->nfuncs);
}

/*
 * APPLY's own checks (lp_check_apply, as lp_action runs them) against the
 * core's registry; an accepted payload is then marked applied in the core
 * (lp_assume_applied), so later ones resolve, stack and compare old code
 * exactly as on the hypervisor after applying in command-line order.
 */
static int apply_checks(const struct entry *e, struct hv_payload *p)
{
	const struct hv_payload *top;
	const char *rule = "?";
	uint32_t nexp = 0, nhash = 0;
	char stage[48];
	int rc;

	check_host_clear_error();
	lp_lock();
	top = lp_applied_top;
	rc = lp_check_apply(p, 0, &rule);
	if (!rc)
		rc = lp_assume_applied(p);
	lp_unlock();
	if (rc) {
		snprintf(stage, sizeof(stage), "apply (%s)", rule);
		print_rejected(e, stage, rc);
		return rc;
	}
	printf("  apply check   depends: ok (on top of %s)\n", top ? top->name : "the hypervisor");
	printf("  apply check   new symbols: no clash with the payloads below\n");
	for (uint32_t i = 0; i < p->nfuncs; i++) {
		nexp += p->funcs[i].desc->expect.enabled;
		nhash += p->funcs[i].has_hash;
	}
	if (nexp || nhash)
		printf("  apply check   old code: ok (%u expectation(s), %u xxh64 match)\n", nexp, nhash);
	else
		printf("  apply check   old code: not verifiable (no expectation or xxh64)\n");
	printf("%s: ACCEPTED\n", e->name);
	return 0;
}

static void check_one(struct entry *e, struct entry *earlier, int n)
{
	struct lp_payload_info info;
	struct hv_payload *p;
	size_t len = 0;
	void *buf;
	int rc;

	printf("== %s (%s)\n", e->name, e->path);
	check_host_clear_error();
	buf = read_payload(e->path, &len);
	if (!buf) {
		printf("%s: REJECTED: cannot read %s: %s\n", e->name, e->path, strerror(errno));
		return;
	}
	rc = lp_upload(e->name, buf, len);
	free(buf);
	if (rc) {
		print_rejected(e, "upload", rc);
		return;
	}
	e->loaded = true;
	lp_lock();
	p = lp_find(e->name);
	lp_unlock();
	if (!p || lp_payload_info(e->name, &info)) {
		printf("%s: REJECTED: loaded but not found in the registry (checker bug)\n", e->name);
		return;
	}
	print_report(e, p, &info, earlier, n);
	if (apply_checks(e, p))
		return;
	e->accepted = true;
}

static int check_all(const struct opts *o)
{
	struct entry *entries = calloc((size_t)o->npayloads, sizeof(*entries));
	int accepted = 0;

	if (!entries) {
		fprintf(stderr, "hvpatch check: out of memory\n");
		return HVPATCH_REJECTED;
	}
	for (int i = 0; i < o->npayloads; i++) {
		entries[i].path = o->payloads[i];
		entries[i].name = payload_name(o->payloads[i]);
		if (!entries[i].name) {
			printf("%s: REJECTED: out of memory\n", o->payloads[i]);
			continue;
		}
		check_one(&entries[i], entries, i);
		accepted += entries[i].accepted;
	}
	printf("hvpatch check: %d accepted, %d rejected\n", accepted, o->npayloads - accepted);
	lp_reset();
	for (int i = 0; i < o->npayloads; i++)
		free(entries[i].name);
	free(entries);
	return accepted == o->npayloads ? HVPATCH_OK : HVPATCH_REJECTED;
}

int hvpatch_check(int argc, char **argv)
{
	struct opts o;
	char err[512];
	uint64_t base, limit;
	int rc = parse_args(argc, argv, &o);

	if (rc)
		return rc > 0 ? HVPATCH_OK : HVPATCH_USAGE;
	rc = check_host_open(o.image, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hvpatch check: cannot use IMAGE: %s\n", err);
		return HVPATCH_USAGE;
	}
	check_host_set_verbose(o.verbose);
	if (lp_init()) {
		fprintf(stderr, "hvpatch check: %s: no symbol table to resolve against\n", o.image);
		check_host_close();
		return HVPATCH_USAGE;
	}
	check_host_region(&base, &limit);
	printf("hvpatch check: image %s, payloads placed from %#llx (reach limit %#llx)\n",
	       o.image, (unsigned long long)base, (unsigned long long)limit);
	rc = check_all(&o);
	check_host_close();
	return rc;
}
