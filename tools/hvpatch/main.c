/*
 * hvpatch entry point. Verbs are table entries so the dom0 verbs
 * (list, upload, apply, revert, replace, unload, load, info over /dev/hvctl)
 * slot in beside the offline `check` without touching the dispatch.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "hvpatch.h"

struct verb {
	const char *name;
	hvpatch_verb_fn *run;
	void (*usage)(FILE *out);
	const char *summary;
};

static const struct verb verbs[] = {
	{ "check", hvpatch_check, hvpatch_check_usage,
	  "offline: would these payloads upload and apply on IMAGE?" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: hvpatch VERB [OPTIONS] [ARGS]\n"
		     "       hvpatch VERB --help\n\nverbs:\n");
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(out, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(out, "\nexit status: 0 success, 1 a payload was rejected, 2 usage error\n");
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help") || !strcmp(arg, "help");
}

int main(int argc, char **argv)
{
	/* Keep the report and the core's stderr log in order when both go to one file. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		usage(stderr);
		return HVPATCH_USAGE;
	}
	if (is_help(argv[1])) {
		/* `hvpatch help VERB` is the same as `hvpatch VERB --help`. */
		for (size_t i = 0; argc > 2 && i < sizeof(verbs) / sizeof(verbs[0]); i++) {
			if (!strcmp(argv[2], verbs[i].name)) {
				verbs[i].usage(stdout);
				return HVPATCH_OK;
			}
		}
		usage(stdout);
		return HVPATCH_OK;
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].run(argc - 1, argv + 1);
	fprintf(stderr, "hvpatch: unknown verb '%s'\n\n", argv[1]);
	usage(stderr);
	return HVPATCH_USAGE;
}
