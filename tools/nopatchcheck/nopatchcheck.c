/*
 * Everything the live-patch rendezvous can run must be in .text.nopatch:
 * a payload may not redirect code that the master executes between two
 * text writes, or that the held CPUs spin in. This walks the static call
 * graph of a linked image (objdump's disassembly, symbols and bounds read
 * through elfimage, as hvpatch check and mksymtab read images) from the
 * given root functions and fails when a reachable function lies outside
 * .text.nopatch, naming the call chain that reaches it.
 *
 * Direct calls and jumps are followed. An indirect call or jump cannot be
 * followed, so the function containing one must be listed in the
 * --indirect file with the reason its targets are safe; an unlisted one
 * fails the check too.
 *
 *   nopatchcheck --hv IMAGE [--indirect FILE] [-v] ROOT...
 *
 * Exit status: 0 all reachable code is unpatchable, 1 it is not, 2 usage
 * or input errors.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/elfimage.h"

#define NO_SYM UINT32_MAX

/* A branch found in the disassembly: from the function holding it to a target. */
struct edge {
	uint32_t from, to;       /* symbol indices; to is NO_SYM for an unsized target */
	uint64_t site, target;
	bool indirect;
};

struct graph {
	const struct elfimage *img;
	struct edge *edges;
	size_t nedges, cap;
	char **allowed;          /* functions whose indirect branches are vouched for */
	size_t nallowed;
};

static uint32_t sym_index(const struct elfimage *img, uint64_t addr)
{
	const struct lp_sym *s = lp_symtab_by_addr(&img->symtab, addr);

	return s ? (uint32_t)(s - img->syms) : NO_SYM;
}

static bool in_nopatch(const struct elfimage *img, uint64_t addr)
{
	return addr >= img->nopatch_start && addr < img->nopatch_end;
}

static int add_edge(struct graph *g, struct edge e)
{
	if (g->nedges == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4096;
		struct edge *n = realloc(g->edges, cap * sizeof(*n));

		if (!n)
			return -1;
		g->edges = n;
		g->cap = cap;
	}
	g->edges[g->nedges++] = e;
	return 0;
}

static bool is_branch(const char *mnemonic)
{
	return !strncmp(mnemonic, "call", 4) || mnemonic[0] == 'j' ||
	       !strncmp(mnemonic, "loop", 4) || !strcmp(mnemonic, "xbegin");
}

/*
 * One instruction line, "ffffffff80001234:\tcall   ffffffff80002000 <f>"
 * (prefixes such as "notrack" or "bnd" may precede the mnemonic).
 */
static int parse_line(struct graph *g, const char *line)
{
	char *end, mnemonic[32];
	uint64_t site = strtoull(line, &end, 16), target;
	const char *p = end;
	int n;
	struct edge e = { 0 };

	if (end == line || *p != ':')
		return 0;
	for (p++; *p == ' ' || *p == '\t';)
		p++;
	while (sscanf(p, "%31s%n", mnemonic, &n) == 1 && !is_branch(mnemonic)) {
		if (strcmp(mnemonic, "notrack") && strcmp(mnemonic, "bnd") && strcmp(mnemonic, "ds") &&
		    strcmp(mnemonic, "cs"))
			return 0;
		p += n;
	}
	if (sscanf(p, "%31s%n", mnemonic, &n) != 1)
		return 0;
	for (p += n; *p == ' ';)
		p++;
	e.site = site;
	e.from = sym_index(g->img, site);
	if (e.from == NO_SYM)
		return 0;      /* code outside any sized symbol is nobody's callee */
	if (*p == '*') {
		e.indirect = true;
		e.to = NO_SYM;
		return add_edge(g, e);
	}
	target = strtoull(p, &end, 16);
	if (end == p || !isspace((unsigned char)*end))
		return 0;
	e.target = target;
	e.to = sym_index(g->img, target);
	if (e.to == e.from)
		return 0;      /* a branch inside the function */
	return add_edge(g, e);
}

static int read_disassembly(struct graph *g, const char *path)
{
	char cmd[4096], *line = NULL;
	size_t len = 0;
	FILE *f;
	int rc = 0, status;

	snprintf(cmd, sizeof(cmd), "objdump -d --no-show-raw-insn '%s'", path);
	f = popen(cmd, "r");
	if (!f) {
		perror("nopatchcheck: objdump");
		return -1;
	}
	while (!rc && getline(&line, &len, f) > 0)
		rc = parse_line(g, line);
	free(line);
	status = pclose(f);
	if (status) {
		fprintf(stderr, "nopatchcheck: `%s` failed (status %d)\n", cmd, status);
		return -1;
	}
	return rc;
}

/* Lines "function: reason"; '#' starts a comment. */
static int read_allowed(struct graph *g, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), **n;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!colon || colon == line || !colon[1] || colon[1] == '\n') {
			fprintf(stderr, "nopatchcheck: %s: \"%.*s\" is not \"function: reason\"\n", path,
				(int)strcspn(line, "\n"), line);
			fclose(f);
			return -1;
		}
		*colon = 0;
		n = realloc(g->allowed, (g->nallowed + 1) * sizeof(*n));
		if (!n || !(n[g->nallowed] = strdup(line))) {
			fclose(f);
			return -1;
		}
		g->allowed = n;
		g->nallowed++;
	}
	fclose(f);
	return 0;
}

static bool allowed_indirect(const struct graph *g, const char *func)
{
	for (size_t i = 0; i < g->nallowed; i++) {
		if (!strcmp(g->allowed[i], func))
			return true;
	}
	return false;
}

static void print_chain(const struct elfimage *img, const uint32_t *parent, uint32_t s)
{
	if (parent[s] != s) {
		print_chain(img, parent, parent[s]);
		fprintf(stderr, " -> ");
	}
	fprintf(stderr, "%s", img->syms[s].name);
}

static int report(const struct graph *g, const uint32_t *parent, uint32_t s, const char *why,
		  const struct edge *e)
{
	fprintf(stderr, "nopatchcheck: %s (%#llx) ", g->img->syms[s].name,
		(unsigned long long)g->img->syms[s].addr);
	fprintf(stderr, "%s", why);
	if (e)
		fprintf(stderr, " at %#llx", (unsigned long long)e->site);
	fprintf(stderr, "; reached by ");
	print_chain(g->img, parent, s);
	fprintf(stderr, "\n");
	return 1;
}

/* Breadth first from the roots; counts the violations it reports. */
static int walk(const struct graph *g, char **roots, int nroots, bool verbose)
{
	const struct elfimage *img = g->img;
	uint32_t *parent = malloc(img->nsyms * sizeof(*parent));
	uint32_t *queue = malloc(img->nsyms * sizeof(*queue));
	bool *seen = calloc(img->nsyms, sizeof(*seen));
	size_t head = 0, tail = 0, reached = 0;
	int bad = 0;

	if (!parent || !queue || !seen) {
		fprintf(stderr, "nopatchcheck: out of memory\n");
		free(parent), free(queue), free(seen);
		return -1;
	}
	for (int i = 0; i < nroots; i++) {
		uint64_t size;
		uint64_t addr = elfimage_sym(img, roots[i], &size);
		uint32_t s = addr ? sym_index(img, addr) : NO_SYM;

		if (s == NO_SYM) {
			fprintf(stderr, "nopatchcheck: root %s: no such sized function in %s\n",
				roots[i], img->path);
			bad = -1;
			continue;
		}
		if (!seen[s]) {
			seen[s] = true;
			parent[s] = s;
			queue[tail++] = s;
		}
	}
	while (bad >= 0 && head < tail) {
		uint32_t s = queue[head++];
		bool indirect_reported = false;

		reached++;
		if (verbose)
			printf("  %s %s\n", in_nopatch(img, img->syms[s].addr) ? "nopatch " : "PATCHABLE",
			       img->syms[s].name);
		if (!in_nopatch(img, img->syms[s].addr) ||
		    !in_nopatch(img, img->syms[s].addr + img->syms[s].size - 1))
			bad += report(g, parent, s, "is outside .text.nopatch", NULL);
		for (size_t i = 0; i < g->nedges; i++) {
			const struct edge *e = &g->edges[i];

			if (e->from != s)
				continue;
			if (e->indirect) {
				if (!indirect_reported && !allowed_indirect(g, img->syms[s].name))
					bad += report(g, parent, s,
						      "makes an indirect call or jump not listed with --indirect",
						      e);
				indirect_reported = true;
			} else if (e->to == NO_SYM) {
				if (!in_nopatch(img, e->target)) {
					fprintf(stderr, "nopatchcheck: %s branches at %#llx to %#llx, code of no sized symbol outside .text.nopatch\n",
						img->syms[s].name, (unsigned long long)e->site,
						(unsigned long long)e->target);
					bad++;
				}
			} else if (!seen[e->to]) {
				seen[e->to] = true;
				parent[e->to] = s;
				queue[tail++] = e->to;
			}
		}
	}
	if (bad >= 0)
		printf("nopatchcheck: %zu function(s) reachable from %d root(s), %d outside .text.nopatch or unvouched\n",
		       reached, nroots, bad);
	free(parent), free(queue), free(seen);
	return bad;
}

static int usage(void)
{
	fprintf(stderr, "usage: nopatchcheck --hv IMAGE [--indirect FILE] [-v] ROOT...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *image = NULL, *indirect = NULL;
	bool verbose = false;
	struct elfimage img;
	struct graph g = { .img = &img };
	char err[256];
	int i, bad;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--hv") && i + 1 < argc)
			image = argv[++i];
		else if (!strcmp(argv[i], "--indirect") && i + 1 < argc)
			indirect = argv[++i];
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else
			return usage();
	}
	if (!image || i == argc)
		return usage();
	if (elfimage_open(&img, image, err, sizeof(err))) {
		fprintf(stderr, "nopatchcheck: %s\n", err);
		return 2;
	}
	if (!img.nopatch_start || img.nopatch_end <= img.nopatch_start) {
		fprintf(stderr, "nopatchcheck: %s has no __nopatch_start/__nopatch_end\n", image);
		elfimage_close(&img);
		return 2;
	}
	if ((indirect && read_allowed(&g, indirect)) || read_disassembly(&g, image)) {
		elfimage_close(&img);
		return 2;
	}
	bad = walk(&g, argv + i, argc - i, verbose);
	for (size_t a = 0; a < g.nallowed; a++)
		free(g.allowed[a]);
	free(g.allowed);
	free(g.edges);
	elfimage_close(&img);
	return bad < 0 ? 2 : bad > 0;
}
