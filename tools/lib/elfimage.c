/*
 * libelf reader for linked images. File-local symbols get the name of the
 * STT_FILE symbol that precedes them, as the hypervisor's own build-time
 * symbol table does, so `hvpatch check` and the hosted tests resolve
 * exactly the names the hypervisor would.
 */
#include "elfimage.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

static int read_file(struct elfimage *img, char *err, size_t errlen)
{
	int fd = open(img->path, O_RDONLY);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return fail(err, errlen, -errno, "%s: %s", img->path, strerror(errno));
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return fail(err, errlen, -EINVAL, "%s: empty or unreadable", img->path);
	}
	img->file_len = (size_t)st.st_size;
	img->file = malloc(img->file_len);
	n = img->file ? read(fd, img->file, img->file_len) : -1;
	close(fd);
	if (n != (ssize_t)img->file_len)
		return fail(err, errlen, -EIO, "%s: short read", img->path);
	return 0;
}

static bool want_symbol(const GElf_Sym *s)
{
	int type = GELF_ST_TYPE(s->st_info);

	return s->st_shndx != SHN_UNDEF && (type == STT_FUNC || type == STT_OBJECT ||
					    type == STT_NOTYPE);
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int read_symbols(struct elfimage *img, Elf *e, Elf_Scn *scn, GElf_Shdr *sh,
			char *err, size_t errlen)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t n = sh->sh_size / sh->sh_entsize, names_len = 0, used = 0;
	const char *file = "";

	if (!d)
		return fail(err, errlen, -EINVAL, "%s: unreadable symbol table", img->path);
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		const char *nm;

		if (!gelf_getsym(d, (int)i, &s))
			continue;
		nm = elf_strptr(e, sh->sh_link, s.st_name);
		names_len += (nm ? strlen(nm) : 0) + 256 + 2;
	}
	img->syms = calloc(n, sizeof(*img->syms));
	img->names = malloc(names_len + 1);
	if (!img->syms || !img->names)
		return fail(err, errlen, -ENOMEM, "out of memory");

	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		const char *nm;
		struct lp_sym *o;
		int len;

		if (!gelf_getsym(d, (int)i, &s))
			continue;
		nm = elf_strptr(e, sh->sh_link, s.st_name);
		if (!nm)
			continue;
		if (GELF_ST_TYPE(s.st_info) == STT_FILE) {
			file = basename_of(nm);
			continue;
		}
		if (!want_symbol(&s) || !*nm)
			continue;
		o = &img->syms[img->nsyms++];
		o->is_local = GELF_ST_BIND(s.st_info) == STB_LOCAL;
		o->is_func = GELF_ST_TYPE(s.st_info) == STT_FUNC;
		o->addr = s.st_value;
		o->size = s.st_size;
		if (o->is_local)
			len = snprintf(img->names + used, names_len + 1 - used, "%.255s#%s", file, nm);
		else
			len = snprintf(img->names + used, names_len + 1 - used, "%s", nm);
		o->name = img->names + used;
		used += (size_t)len + 1;
	}
	return 0;
}

static void read_build_id(struct elfimage *img, Elf_Scn *scn)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)d->d_buf + name_off, "GNU", 4) &&
		    nh.n_descsz <= sizeof(img->build_id)) {
			memcpy(img->build_id, (char *)d->d_buf + desc_off, nh.n_descsz);
			img->build_id_len = nh.n_descsz;
			return;
		}
	}
}

static void read_segments(struct elfimage *img, Elf *e)
{
	size_t n;

	if (elf_getphdrnum(e, &n))
		return;
	for (size_t i = 0; i < n && img->nsegs < 16; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		img->segs[img->nsegs++] = (struct elfimage_segment){
			.vaddr = ph.p_vaddr, .memsz = ph.p_memsz, .filesz = ph.p_filesz,
			.offset = ph.p_offset,
			.prot = ((ph.p_flags & PF_R) ? PROT_READ : 0) |
				((ph.p_flags & PF_W) ? PROT_WRITE : 0) |
				((ph.p_flags & PF_X) ? PROT_EXEC : 0),
		};
	}
}

static int read_sections(struct elfimage *img, Elf *e, char *err, size_t errlen)
{
	int rc = -ENOENT;

	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn));) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && sh.sh_entsize) {
			rc = read_symbols(img, e, scn, &sh, err, errlen);
			if (rc)
				return rc;
		} else if (sh.sh_type == SHT_NOTE) {
			if (!img->build_id_len)
				read_build_id(img, scn);
		} else if ((sh.sh_flags & SHF_ALLOC) && (sh.sh_flags & SHF_EXECINSTR) && sh.sh_size) {
			/* Text is every executable section: .text.nopatch may stand apart. */
			if (!img->text_end || sh.sh_addr < img->text_start)
				img->text_start = sh.sh_addr;
			if (sh.sh_addr + sh.sh_size > img->text_end)
				img->text_end = sh.sh_addr + sh.sh_size;
		}
	}
	if (rc == -ENOENT)
		return fail(err, errlen, -ENOENT, "%s: no symbol table (stripped?)", img->path);
	return 0;
}

int elfimage_open(struct elfimage *img, const char *path, char *err, size_t errlen)
{
	Elf *e;
	int rc;

	memset(img, 0, sizeof(*img));
	img->path = strdup(path);
	if (!img->path)
		return fail(err, errlen, -ENOMEM, "out of memory");
	rc = read_file(img, err, errlen);
	if (rc)
		goto out;
	elf_version(EV_CURRENT);
	e = elf_memory((char *)img->file, img->file_len);
	if (!e || elf_kind(e) != ELF_K_ELF || gelf_getclass(e) != ELFCLASS64) {
		rc = fail(err, errlen, -ENOEXEC, "%s: not an ELF64 file", path);
		if (e)
			elf_end(e);
		goto out;
	}
	rc = read_sections(img, e, err, errlen);
	if (!rc)
		read_segments(img, e);
	elf_end(e);
	if (!rc && !img->build_id_len)
		rc = fail(err, errlen, -ENODATA, "%s: no GNU build-id note", path);
	if (!rc && lp_symtab_build(&img->symtab, img->syms, img->nsyms))
		rc = fail(err, errlen, -ENOMEM, "out of memory");
	if (!rc) {
		img->nopatch_start = elfimage_sym(img, "__nopatch_start", NULL);
		img->nopatch_end = elfimage_sym(img, "__nopatch_end", NULL);
	}
out:
	if (rc)
		elfimage_close(img);
	return rc;
}

void elfimage_close(struct elfimage *img)
{
	lp_symtab_destroy(&img->symtab);
	free(img->syms);
	free(img->names);
	free(img->file);
	free(img->path);
	memset(img, 0, sizeof(*img));
}

uint64_t elfimage_sym(const struct elfimage *img, const char *name, uint64_t *size)
{
	const struct lp_sym *s = lp_symtab_lookup(&img->symtab, name, NULL);

	if (size)
		*size = s ? s->size : 0;
	return s ? s->addr : 0;
}
