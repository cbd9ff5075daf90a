/*
 * The command-line parser shared by the UEFI stub and the hypervisor
 * (hv/cmdline_parse.c): words are "key" or "key=value", separated by
 * spaces or tabs, and the last occurrence of a key wins, as in Xen and
 * Linux, so an option appended to hv.cfg's options= or at the UEFI shell
 * overrides an earlier one. No library calls: the stub has no libc.
 */
#ifndef HV_CMDLINE_PARSE_H
#define HV_CMDLINE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct cmdline_word {
	const char *start;      /* the whole word, not NUL-terminated */
	size_t len;
	size_t klen;            /* the key is start[0, klen) */
	const char *val;        /* after '=', or NULL when the word has none */
	size_t vlen;
	const char *error;      /* why the word is malformed (and ignored), or NULL */
};

/* The word at or after *pos; *pos moves past it. false at the end of the line. */
bool cmdline_next_word(const char **pos, struct cmdline_word *w);
/* The last well-formed word whose key is `key`; malformed words never match. */
bool cmdline_find(const char *line, const char *key, struct cmdline_word *w);
/* Copy a word's value into buf (cut to len - 1); false when it has none or len is 0. */
bool cmdline_copy_value(const struct cmdline_word *w, char *buf, size_t len);

#endif
