/*
 * hvpatch: the administrator's tool. main.c dispatches a verb to its
 * implementation; each verb parses its own options and returns one of the
 * exit statuses below, so scripts can tell "the payload is bad" from "the
 * command line is bad".
 */
#ifndef HVPATCH_H
#define HVPATCH_H

#include <stdio.h>

enum hvpatch_exit {
	HVPATCH_OK = 0,        /* everything accepted / done */
	HVPATCH_REJECTED = 1,  /* a payload would be (or was) refused */
	HVPATCH_USAGE = 2,     /* bad command line, unreadable inputs */
};

/* A verb gets argv with argv[0] being the verb's own name. */
typedef int hvpatch_verb_fn(int argc, char **argv);

/* Offline: would these payloads load and apply on this image? (check.c) */
int hvpatch_check(int argc, char **argv);
void hvpatch_check_usage(FILE *out);

#endif
