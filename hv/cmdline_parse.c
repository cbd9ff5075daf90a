/*
 * One command-line parser for the stub and the hypervisor (see
 * hv/include/hv/cmdline_parse.h). The stub, built with the EFI ABI and
 * -fpic, compiles this file through hv/efi/cmdline_parse.c; the hosted
 * tests through tests/hv/unit/test_printf.c.
 */
#include <hv/cmdline_parse.h>

static bool is_separator(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* Printable ASCII only: a control byte or UTF-8 in a word is a typo or a bad file. */
static bool is_text_char(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f;
}

static const char *word_error(const struct cmdline_word *w)
{
	for (size_t i = 0; i < w->len; i++) {
		if (!is_text_char(w->start[i]))
			return "control or non-ASCII character";
	}
	if (!w->klen)
		return "no option name before '='";
	for (size_t i = 0; i < w->klen; i++) {
		if (!is_key_char(w->start[i]))
			return "option name has a character other than a letter, digit, '_', '-' or '.'";
	}
	return NULL;
}

bool cmdline_next_word(const char **pos, struct cmdline_word *w)
{
	const char *s = *pos, *e;

	while (*s && is_separator(*s))
		s++;
	if (!*s) {
		*pos = s;
		return false;
	}
	for (e = s; *e && !is_separator(*e); e++)
		;
	w->start = s;
	w->len = (size_t)(e - s);
	for (w->klen = 0; w->klen < w->len && s[w->klen] != '='; w->klen++)
		;
	w->val = w->klen < w->len ? s + w->klen + 1 : NULL;
	w->vlen = w->val ? (size_t)(e - w->val) : 0;
	w->error = word_error(w);
	*pos = e;
	return true;
}

static bool key_is(const struct cmdline_word *w, const char *key)
{
	size_t i;

	for (i = 0; i < w->klen && key[i]; i++) {
		if (w->start[i] != key[i])
			return false;
	}
	return i == w->klen && !key[i];
}

bool cmdline_find(const char *line, const char *key, struct cmdline_word *w)
{
	struct cmdline_word cur;
	bool found = false;

	while (line && cmdline_next_word(&line, &cur)) {
		if (!cur.error && key_is(&cur, key)) {
			*w = cur;
			found = true;
		}
	}
	return found;
}

bool cmdline_copy_value(const struct cmdline_word *w, char *buf, size_t len)
{
	size_t n;

	if (!w->val || !len)
		return false;
	for (n = 0; n < w->vlen && n + 1 < len; n++)
		buf[n] = w->val[n];
	buf[n] = 0;
	return true;
}
