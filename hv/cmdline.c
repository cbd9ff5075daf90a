/*
 * The hypervisor's command line: kept from the boot info, queried with
 * the parser the stub uses (cmdline_parse.c), so both agree on every
 * option, the last occurrence winning.
 */
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/cmdline_parse.h>
#include <hv/printk.h>

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

unsigned cmdline_report_malformed(void)
{
	const char *pos = line;
	struct cmdline_word w;
	unsigned bad = 0;

	while (cmdline_next_word(&pos, &w)) {
		if (!w.error)
			continue;
		pr_warn("command line: ignoring \"%.*s\": %s\n", (int)w.len, w.start, w.error);
		bad++;
	}
	return bad;
}

const char *cmdline_get(const char *key, char *buf, size_t len)
{
	struct cmdline_word w;

	if (!cmdline_find(line, key, &w) || !cmdline_copy_value(&w, buf, len))
		return NULL;
	return buf;
}

/* Whole-word compare: "key=" or "key=o" must not pass as "on". */
static bool value_is(const struct cmdline_word *w, const char *word)
{
	size_t i;

	for (i = 0; i < w->vlen && word[i]; i++) {
		if (w->val[i] != word[i])
			return false;
	}
	return i == w->vlen && !word[i];
}

bool cmdline_bool(const char *key)
{
	struct cmdline_word w;

	if (!cmdline_find(line, key, &w))
		return false;
	return !w.val || value_is(&w, "1") || value_is(&w, "yes") || value_is(&w, "on") ||
	       value_is(&w, "true");
}
