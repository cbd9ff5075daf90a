/*
 * hvpatch in dom0: Xen's xen-livepatch verbs over /dev/hvctl (libhvctl),
 * plus `info FILE` read with libelf. Every verb returns one of these exit
 * statuses, the same numbers for the same meanings as the host's
 * `hvpatch check` where they overlap.
 */
#ifndef DOM0_HVPATCH_H
#define DOM0_HVPATCH_H

#include <stdio.h>

enum hvpatch_exit {
	HVPATCH_OK = 0,
	HVPATCH_REJECTED = 1,  /* the hypervisor refused the request, or the action failed */
	HVPATCH_USAGE = 2,     /* bad command line */
	HVPATCH_TIMEOUT = 3,   /* the rendezvous timed out, or the action was still running */
	HVPATCH_NO_HV = 4,     /* /dev/hvctl cannot be opened, or the module refused */
	HVPATCH_FILE = 5,      /* FILE cannot be read, is not a payload, or is too big */
};

struct hvpatch_verb {
	const char *name;
	int (*run)(int argc, char **argv);   /* argv[0] is the verb */
	const char *args;
	const char *summary;
	const char *help;                    /* options and details, may be "" */
};

/* actions.c */
int hvpatch_list(int argc, char **argv);
int hvpatch_upload(int argc, char **argv);
int hvpatch_apply(int argc, char **argv);
int hvpatch_revert(int argc, char **argv);
int hvpatch_replace(int argc, char **argv);
int hvpatch_unload(int argc, char **argv);
int hvpatch_load(int argc, char **argv);
/* info.c */
int hvpatch_info(int argc, char **argv);

/* main.c: print a verb's usage to stderr and return HVPATCH_USAGE. */
int hvpatch_usage_error(const char *verb, const char *why);
/* Read a whole file; NULL (and a message) if it cannot be. */
void *hvpatch_read_file(const char *path, size_t *len);
/* "xen_hello_world" from "/usr/lib/hvpatch/xen_hello_world.livepatch". */
void hvpatch_name_from_path(const char *path, char *out, size_t len);

#endif
