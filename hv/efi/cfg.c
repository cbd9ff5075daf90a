/*
 * hv.cfg in Xen's xen.cfg format: [global] default=<section>, and in that
 * section options=, kernel=<file> <dom0 command line>, ramdisk=<file>.
 * The UEFI shell command line, when there is one, replaces options=
 * (its first word is dropped when it names the .efi, as argv[0]).
 */
#include <hv/cmdline_parse.h>
#include "stub.h"

void stub_strlcpy(char *dst, const char *src, UINTN size)
{
	UINTN i;

	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	if (size)
		dst[i] = 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Copy [s, e) trimmed into out; a value that does not fit is cut and reported. */
static void copy_trim(char *out, UINTN outlen, const char *s, const char *e, const char *what)
{
	UINTN n = 0;

	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	while (s < e && n + 1 < outlen)
		out[n++] = *s++;
	out[n] = 0;
	if (s < e)
		Print(L"hv stub: %a is longer than %d bytes; cut to \"%a\"\n", what, (int)outlen - 1,
		      out);
}

static int key_is(const char *s, const char *e, const char *key)
{
	UINTN n = strlena((const CHAR8 *)key);

	while (s < e && is_space(*s))
		s++;
	return (UINTN)(e - s) > n && !strncmpa((const CHAR8 *)s, (const CHAR8 *)key, n) &&
	       (s[n] == '=' || is_space(s[n]));
}

static const char *value_of(const char *s, const char *e)
{
	while (s < e && *s != '=')
		s++;
	return s < e ? s + 1 : e;
}

static void take_line(const char *s, const char *e, const char *section, const char *want,
		      char *deflt, struct stub_cfg *cfg)
{
	if (!strcmpa((const CHAR8 *)section, (const CHAR8 *)"global")) {
		if (key_is(s, e, "default"))
			copy_trim(deflt, HV_BOOT_NAME_LEN, value_of(s, e), e, "default=");
		return;
	}
	if (strcmpa((const CHAR8 *)section, (const CHAR8 *)want))
		return;
	if (key_is(s, e, "options"))
		copy_trim(cfg->options, sizeof(cfg->options), value_of(s, e), e, "options=");
	else if (key_is(s, e, "kernel"))
		copy_trim(cfg->kernel, sizeof(cfg->kernel), value_of(s, e), e, "kernel=");
	else if (key_is(s, e, "ramdisk"))
		copy_trim(cfg->ramdisk, sizeof(cfg->ramdisk), value_of(s, e), e, "ramdisk=");
}

/*
 * Two passes: the first finds [global] default=, the second reads that
 * section, so [global] may come after the section it names.
 */
int stub_parse_cfg(const char *text, UINT64 len, struct stub_cfg *cfg)
{
	char deflt[HV_BOOT_NAME_LEN] = "hv", section[HV_BOOT_NAME_LEN];
	const char *end = text + len;

	for (int pass = 0; pass < 2; pass++) {
		section[0] = 0;
		for (const char *s = text; s < end;) {
			const char *e = s;

			while (e < end && *e != '\n')
				e++;
			if (*s == '[') {
				const char *c = s + 1;

				while (c < e && *c != ']')
					c++;
				copy_trim(section, sizeof(section), s + 1, c, "a section name");
			} else if (*s != '#' && *s != ';') {
				take_line(s, e, section, pass ? deflt : "\001", deflt, cfg);
			}
			s = e + 1;
		}
	}
	return 0;
}

/* Shell-given LoadOptions are UCS-2 text; boot-manager ones may be binary. */
static int ucs2_text(const CHAR16 *w, UINTN n)
{
	for (UINTN i = 0; i < n; i++) {
		if (w[i] == 0)
			return 1;
		if (w[i] < 0x20 || w[i] > 0x7e)
			return 0;
	}
	return 1;
}

/* argv[0] as the shell passes it: "hv.efi", "fs0:\EFI\BOOT\BOOTX64.EFI" (any case). */
static int names_efi_file(const CHAR16 *w, UINTN len)
{
	static const CHAR16 ext[] = L".efi";

	if (len < 4)
		return 0;
	for (UINTN i = 0; i < 4; i++) {
		CHAR16 c = w[len - 4 + i];

		if ((c >= L'A' && c <= L'Z' ? c + (L'a' - L'A') : c) != ext[i])
			return 0;
	}
	return 1;
}

void stub_cmdline_override(EFI_LOADED_IMAGE *li, struct stub_cfg *cfg)
{
	const CHAR16 *w = li->LoadOptions;
	UINTN n = li->LoadOptionsSize / sizeof(CHAR16), i = 0, o = 0, start;
	char buf[HV_BOOT_CMDLINE_LEN];

	if (!w || !n || !ucs2_text(w, n))
		return;
	/* The shell passes the image name first, as argv[0]. */
	while (i < n && w[i] == L' ')
		i++;
	start = i;
	while (i < n && w[i] && w[i] != L' ')
		i++;
	if (!names_efi_file(w + start, i - start))
		i = start;
	while (i < n && w[i] == L' ')
		i++;
	for (; i < n && w[i] && o + 1 < sizeof(buf); i++)
		buf[o++] = (char)w[i];
	buf[o] = 0;
	if (o) {
		stub_strlcpy(cfg->options, buf, sizeof(cfg->options));
		Print(L"hv stub: command line overrides options: %a\n", cfg->options);
	}
}

/*
 * Value of the last key= in an option string, or NULL: the shared parser
 * (hv/cmdline_parse.c), so the stub loads the livepatch= list the
 * hypervisor will report.
 */
const char *stub_option_value(const char *options, const char *key, char *out, UINTN outlen)
{
	struct cmdline_word w;

	if (!cmdline_find(options, key, &w) || !w.val)
		return NULL;
	copy_trim(out, outlen, w.val, w.val + w.vlen, key);
	return out;
}

/* The hypervisor ignores malformed words too, and says so again once its console is up. */
void stub_report_malformed(const char *options)
{
	struct cmdline_word w;
	char word[HV_BOOT_NAME_LEN];

	while (cmdline_next_word(&options, &w)) {
		if (!w.error)
			continue;
		copy_trim(word, sizeof(word), w.start, w.start + w.len, "the malformed option");
		Print(L"hv stub: ignoring option \"%a\": %a\n", word, w.error);
	}
}
