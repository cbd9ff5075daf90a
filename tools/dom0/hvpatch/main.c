/* hvpatch (dom0): verb table, usage and the helpers the verbs share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hvpatch.h"

static const char action_opts[] =
	"  --timeout-ns N  bound the rendezvous to N ns, at most 60 s (default 0:\n"
	"                  the hypervisor's default bound, and a rendezvous that\n"
	"                  times out is retried with 100, 400 and 1600 ms bounds)\n"
	"  --wait SECONDS  how long to poll for the result (default 10)\n";

static const struct hvpatch_verb verbs[] = {
	{ "list", hvpatch_list, "[--json]", "the payloads loaded, their state and rc",
	  "  --json  one JSON array of {name, state, rc, metadata[]}\n" },
	{ "upload", hvpatch_upload, "NAME FILE", "load FILE as payload NAME (it is then CHECKED)", "" },
	{ "apply", hvpatch_apply, "[--nodeps] [options] NAME", "apply a CHECKED payload",
	  "  --nodeps        skip the build-id dependency check (Xen's NODEPS)\n" },
	{ "revert", hvpatch_revert, "[options] NAME", "revert the payload on top of the applied stack", "" },
	{ "replace", hvpatch_replace, "[options] NAME",
	  "revert every applied payload and apply NAME, in one rendezvous", "" },
	{ "unload", hvpatch_unload, "NAME", "unload a CHECKED payload", "" },
	{ "load", hvpatch_load, "[options] FILE",
	  "upload FILE under its base name (without .livepatch), then apply it", "" },
	{ "info", hvpatch_info, "FILE",
	  "what a payload file contains: functions, sizes, build-ids, dependencies, hooks, metadata",
	  "" },
};

#define NR_VERBS (sizeof(verbs) / sizeof(verbs[0]))

static const char exit_codes[] =
	"exit status:\n"
	"  0  done\n"
	"  1  rejected: the hypervisor refused the request or the action failed\n"
	"     (the reason from the hypervisor's log is printed)\n"
	"  2  usage error\n"
	"  3  timeout: the CPUs did not rendezvous in time (nothing patched), or\n"
	"     the result did not come within --wait\n"
	"  4  no hypervisor access: /dev/hvctl cannot be opened or the hvctl module refused\n"
	"  5  FILE cannot be read, is not a payload, or is larger than one hypercall buffer\n";

static const struct hvpatch_verb *find(const char *name)
{
	for (size_t i = 0; i < NR_VERBS; i++)
		if (!strcmp(name, verbs[i].name))
			return &verbs[i];
	return NULL;
}

static int is_action(const struct hvpatch_verb *v)
{
	return v->run == hvpatch_apply || v->run == hvpatch_revert || v->run == hvpatch_replace ||
	       v->run == hvpatch_load;
}

static void verb_usage(FILE *out, const struct hvpatch_verb *v)
{
	fprintf(out, "usage: hvpatch %s %s\n  %s\n", v->name, v->args, v->summary);
	if (*v->help || is_action(v))
		fprintf(out, "options:\n%s%s", v->help, is_action(v) ? action_opts : "");
	fputs(exit_codes, out);
}

static void usage(FILE *out)
{
	fprintf(out, "usage: hvpatch VERB [OPTIONS] [ARGS]\n"
		     "       hvpatch VERB --help\n\n"
		     "Live-patches the hv hypervisor from dom0 (as xen-livepatch does Xen's);\n"
		     "needs root and the hvctl module (/dev/hvctl).\n\nverbs:\n");
	for (size_t i = 0; i < NR_VERBS; i++)
		fprintf(out, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	fputc('\n', out);
	fputs(exit_codes, out);
}

int hvpatch_usage_error(const char *verb, const char *why)
{
	const struct hvpatch_verb *v = find(verb);

	fprintf(stderr, "hvpatch %s: %s\n", verb, why);
	if (v)
		verb_usage(stderr, v);
	return HVPATCH_USAGE;
}

void *hvpatch_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f) {
		fprintf(stderr, "hvpatch: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "hvpatch: %s: cannot size it: %s\n", path, strerror(errno));
		fclose(f);
		return NULL;
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "hvpatch: %s: cannot read it: %s\n", path,
			buf ? strerror(errno) : "out of memory");
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

void hvpatch_name_from_path(const char *path, char *out, size_t len)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t n;

	base = base ? base + 1 : path;
	dot = strstr(base, ".livepatch");
	n = dot ? (size_t)(dot - base) : strlen(base);
	if (n >= len)
		n = len - 1;
	memcpy(out, base, n);
	out[n] = 0;
}

static int is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help") || !strcmp(arg, "help");
}

int main(int argc, char **argv)
{
	const struct hvpatch_verb *v;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage(stderr);
		return HVPATCH_USAGE;
	}
	if (is_help(argv[1])) {
		v = argc > 2 ? find(argv[2]) : NULL;
		if (v)
			verb_usage(stdout, v);
		else
			usage(stdout);
		return HVPATCH_OK;
	}
	v = find(argv[1]);
	if (!v) {
		fprintf(stderr, "hvpatch: unknown verb '%s'\n\n", argv[1]);
		usage(stderr);
		return HVPATCH_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			verb_usage(stdout, v);
			return HVPATCH_OK;
		}
	}
	return v->run(argc - 1, argv + 1);
}
