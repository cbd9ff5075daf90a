/*
 * Crafted fuzz seeds: copy a built payload and set fields of one section
 * header, so an input that once broke the loader stays in the corpus.
 *
 *   mkseed IN OUT SECTION FIELD=VALUE...
 *
 * FIELD is type, flags, offset, size or addralign; VALUE is any strtoull
 * number (0x... allowed).
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static Elf64_Shdr *find_section(unsigned char *buf, size_t len, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr *sh, *names;

	if (len < sizeof(*eh) || eh->e_shoff > len ||
	    (len - eh->e_shoff) / sizeof(*sh) < eh->e_shnum || eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (Elf64_Shdr *)(buf + eh->e_shoff);
	names = &sh[eh->e_shstrndx];
	for (unsigned i = 1; i < eh->e_shnum; i++)
		if (names->sh_offset + sh[i].sh_name < len &&
		    !strcmp((const char *)buf + names->sh_offset + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

static int set_field(Elf64_Shdr *sh, const char *assign)
{
	const char *eq = strchr(assign, '=');
	unsigned long long v;
	char *end;

	if (!eq)
		return -1;
	v = strtoull(eq + 1, &end, 0);
	if (*end)
		return -1;
	if (!strncmp(assign, "type=", 5))
		sh->sh_type = (Elf64_Word)v;
	else if (!strncmp(assign, "flags=", 6))
		sh->sh_flags = v;
	else if (!strncmp(assign, "offset=", 7))
		sh->sh_offset = v;
	else if (!strncmp(assign, "size=", 5))
		sh->sh_size = v;
	else if (!strncmp(assign, "addralign=", 10))
		sh->sh_addralign = v;
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *buf;
	Elf64_Shdr *sh;
	size_t len = 0;
	FILE *out;

	if (argc < 5) {
		fprintf(stderr, "usage: mkseed IN OUT SECTION FIELD=VALUE...\n");
		return 2;
	}
	buf = read_all(argv[1], &len);
	if (!buf) {
		fprintf(stderr, "mkseed: cannot read %s\n", argv[1]);
		return 1;
	}
	sh = find_section(buf, len, argv[3]);
	if (!sh) {
		fprintf(stderr, "mkseed: %s has no section %s\n", argv[1], argv[3]);
		return 1;
	}
	for (int i = 4; i < argc; i++) {
		if (set_field(sh, argv[i])) {
			fprintf(stderr, "mkseed: bad assignment '%s' (type|flags|offset|size|addralign=N)\n",
				argv[i]);
			return 1;
		}
	}
	out = fopen(argv[2], "wb");
	if (!out || fwrite(buf, 1, len, out) != len || fclose(out)) {
		fprintf(stderr, "mkseed: cannot write %s\n", argv[2]);
		return 1;
	}
	free(buf);
	return 0;
}
