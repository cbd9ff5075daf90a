/* Command-line parsing: space-separated key[=value] words. */
#include <string.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>

static char line[HV_BOOT_CMDLINE_LEN];

void cmdline_init(const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < sizeof(line); i++)
		line[i] = src[i];
	line[i] = 0;
}

const char *cmdline_raw(void)
{
	return line;
}

/* Find the word for key; sets *val to its value or NULL. */
static const char *find(const char *key, const char **val, size_t *vlen)
{
	size_t klen = strlen(key);

	for (const char *s = line; *s;) {
		const char *e = s;

		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - s) >= klen && !strncmp(s, key, klen) &&
		    (s + klen == e || s[klen] == '=')) {
			*val = s + klen == e ? NULL : s + klen + 1;
			*vlen = *val ? (size_t)(e - *val) : 0;
			return s;
		}
		s = *e ? e + 1 : e;
	}
	return NULL;
}

const char *cmdline_get(const char *key, char *buf, size_t len)
{
	const char *val;
	size_t vlen, n;

	if (!find(key, &val, &vlen) || !val || !len)
		return NULL;
	n = vlen < len - 1 ? vlen : len - 1;
	memcpy(buf, val, n);
	buf[n] = 0;
	return buf;
}

/* Whole-word compare: "key=" or "key=o" must not pass as "on". */
static bool value_is(const char *val, size_t vlen, const char *word)
{
	return vlen == strlen(word) && !strncmp(val, word, vlen);
}

bool cmdline_bool(const char *key)
{
	const char *val;
	size_t vlen;

	if (!find(key, &val, &vlen))
		return false;
	return !val || value_is(val, vlen, "1") || value_is(val, vlen, "yes") ||
	       value_is(val, vlen, "on") || value_is(val, vlen, "true");
}
