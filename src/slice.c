#include "slice.h"
#include "cscan.h"
#include "kmap_api.h"

#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 40-atomic's cpu_fn and ctx_fn read the bodies of the functions a region calls. */
static const char cpu_local[] =
	"^(local_flush_[a-z0-9_]+|__flush_[a-z0-9_]*(cache|region|page|range|line|area|tlb)"
	"[a-z0-9_]*|__purge_[a-z0-9_]+|purge_[a-z0-9_]*(cache|region|page|tlb)[a-z0-9_]*|"
	"__(inv|invalidate|clean|wback)_[a-z0-9_]+|[a-z0-9_]*_cpuc_[a-z0-9_]+|"
	"flush_kernel_dcache_page_addr|flush_dcache_line[a-z0-9_]*|"
	"invalidate_dcache_line[a-z0-9_]*|in_atomic|preemptible|irqs_disabled|in_interrupt|"
	"in_irq|in_softirq|in_task|in_nmi|pagefault_disabled)$";

#define SENTINEL_PREFIX "/*kmap-local slice "
#define SENTINEL SENTINEL_PREFIX "%zu*/"
/*
 * A whole definition's stand-in starts with a declaration: spatch's error
 * recovery after a construct it cannot parse starts again at a top-level
 * declaration or definition, not at a comment.
 */
#define DECL_PREFIX "int kmap_local_slice_"
#define DECL_SENTINEL DECL_PREFIX "%zu;"

struct fninfo {
	bool anchor, cpu, keep, cpu_callee;
	bool hands_over;	/* may pass a mapping to or from its callers */
	unsigned maps, unmaps;	/* the kmap calls in its body, by kind */
	size_t *names;		/* indices of the functions its body names */
	size_t nr, alloc;
};

struct scan {
	const struct toks *t;
	const struct cfuncs *f;
	size_t *by_name;	/* function indices sorted by name */
	struct fninfo *info;
	regex_t cpu_re;
};

/* The whole definitions blanked last, under one stand-in. */
struct whole_run {
	size_t cut;		/* its cut, or SIZE_MAX */
	size_t first, close;	/* its first token, the '}' of its last definition */
};

static bool is_cpu_local(struct scan *sc, const char *s, size_t n)
{
	char name[128];

	if (n >= sizeof(name))
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	return !regexec(&sc->cpu_re, name, 0, NULL, 0);
}

static int cmp_name(const void *a, const void *b, void *arg)
{
	const struct cfuncs *f = arg;
	int c = strcmp(f->v[*(const size_t *)a].name, f->v[*(const size_t *)b].name);

	return c ? c : (*(const size_t *)a > *(const size_t *)b) -
		       (*(const size_t *)a < *(const size_t *)b);
}

/* The first function named [s, s + n) in by_name order, or f->nr. */
static size_t first_named(const struct scan *sc, const char *s, size_t n)
{
	size_t lo = 0, hi = sc->f->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = sc->f->v[sc->by_name[mid]].name;
		int c = strncmp(name, s, n);

		if (c < 0 || (!c && name[n]))
			c = c ? c : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void note_names(struct scan *sc, struct fninfo *fi, const char *s, size_t n)
{
	for (size_t k = first_named(sc, s, n); k < sc->f->nr; k++) {
		const char *name = sc->f->v[sc->by_name[k]].name;

		if (strncmp(name, s, n) || name[n])
			break;
		ALLOC_GROW(fi->names, fi->nr + 1, fi->alloc);
		fi->names[fi->nr++] = sc->by_name[k];
	}
}

/* Is the statement holding token i followed by a return?  (A getter's `kmap(page); return page;`) */
static bool return_follows(const struct toks *t, size_t i, size_t close)
{
	while (i < close && !tok_is(t, i, ";"))
		i++;
	return i + 1 < close && tok_is(t, i + 1, "return");
}

static void note_kmap_call(struct fninfo *fi, const struct kmap_call *kc, const struct toks *t,
			   size_t i, const struct cfunc *c, bool in_return)
{
	bool map = kc->role == KMAP_OLD_MAP || kc->role == KMAP_LOCAL_MAP;

	fi->anchor = true;
	if (map) {
		fi->maps++;
		if (in_return || return_follows(t, i, c->close))
			fi->hands_over = true;
	} else {
		fi->unmaps++;
		if (i == c->open + 1)	/* an unmap wrapper's first statement */
			fi->hands_over = true;
	}
}

static void read_body(struct scan *sc, size_t fn)
{
	const struct cfunc *c = &sc->f->v[fn];
	struct fninfo *fi = &sc->info[fn];
	bool in_return = false;

	for (size_t i = c->open + 1; i < c->close; i++) {
		const char *s = sc->t->text + sc->t->v[i].start;
		size_t n = sc->t->v[i].len;
		const struct kmap_call *kc;

		if (sc->t->v[i].type != TOK_IDENT) {
			in_return = in_return && !tok_is(sc->t, i, ";");
			continue;
		}
		in_return = in_return || tok_is(sc->t, i, "return");
		if ((kc = kmap_call_find(s, n)))	/* a call the rules start from */
			note_kmap_call(fi, kc, sc->t, i, c, in_return);
		else if (is_cpu_local(sc, s, n))
			fi->cpu = true;
		note_names(sc, fi, s, n);
	}
	if (fi->maps != fi->unmaps)
		fi->hands_over = true;
}

/* Does fi name a function that may hand a mapping to or from its callers? */
static bool names_hand_over(const struct scan *sc, const struct fninfo *fi)
{
	for (size_t k = 0; k < fi->nr; k++) {
		const struct fninfo *callee = &sc->info[fi->names[k]];

		if (callee->anchor && callee->hands_over)
			return true;
	}
	return false;
}

/*
 * Anchors; the functions that name an anchor which may hand a mapping
 * over (the wrapper and get/put rules read every use of such a function,
 * and only there); then the CPU callees they all name.  An anchor whose
 * maps and unmaps pair up and whose maps neither are returned nor precede
 * a return keeps its mappings to itself: what its callers do, no rule
 * reads.  Nor does any rule read a caller's callers: a wrapper of a
 * wrapper is no wrapper to them.
 */
static void choose_kept(struct scan *sc)
{
	size_t nr = sc->f->nr;

	for (size_t i = 0; i < nr; i++)
		sc->info[i].keep = sc->info[i].anchor || names_hand_over(sc, &sc->info[i]);
	for (size_t i = 0; i < nr; i++)
		for (size_t k = 0; sc->info[i].keep && k < sc->info[i].nr; k++)
			if (sc->info[sc->info[i].names[k]].cpu)
				sc->info[sc->info[i].names[k]].cpu_callee = true;
	for (size_t i = 0; i < nr; i++)
		sc->info[i].keep = sc->info[i].keep || sc->info[i].cpu_callee;
}

static size_t line_start(const char *s, size_t p)
{
	while (p > 0 && s[p - 1] != '\n')
		p--;
	return p;
}

/* The end of a directive's line from p, past a comment it opens; not past `limit`. */
static size_t directive_end(const char *s, size_t p, size_t limit)
{
	while (p < limit && s[p] != '\n') {
		if (s[p] == '/' && p + 1 < limit && s[p + 1] == '/') {
			while (p < limit && s[p] != '\n')
				p++;
		} else if (s[p] == '/' && p + 1 < limit && s[p + 1] == '*') {
			const char *end = memmem(s + p + 2, limit - p - 2, "*/", 2);

			p = end ? (size_t)(end - s) + 2 : limit;
		} else {
			p++;
		}
	}
	return p;
}

static void add_newlines(struct buf *out, const char *s, size_t from, size_t to)
{
	for (size_t p = from; p < to; p++)
		if (s[p] == '\n')
			buf_putc(out, '\n');
}

/*
 * The stand-in of the text [from, to), tokens first..last: the marker
 * (the declaration for a whole definition), then the text's newlines and
 * preprocessor lines, then spaces up to the column of `to`.
 */
static void blank_text(struct slice *out, const struct toks *t, size_t from, size_t to,
		       size_t first, size_t last, bool whole)
{
	const char *s = t->text;
	size_t pos = from, i;
	size_t before = out->text.len, last_nl;
	struct slice_cut *cut;

	buf_printf(&out->text, whole ? DECL_SENTINEL : SENTINEL, out->nr);
	for (i = first; i <= last; i++) {
		size_t a, b;

		if (!t->v[i].directive)
			continue;
		a = line_start(s, t->v[i].start);
		if (a < pos)	/* a comment of the directive before ran onto this line */
			a = pos;
		while (i + 1 <= last && t->v[i + 1].directive)
			i++;
		b = directive_end(s, t->v[i].start + t->v[i].len, to);
		if (b <= a)	/* all of it inside what the one before copied */
			continue;
		add_newlines(&out->text, s, pos, a);
		buf_add(&out->text, s + a, b - a);
		pos = b;
	}
	add_newlines(&out->text, s, pos, to);
	last_nl = line_start(s, to);
	if (last_nl <= from)
		last_nl = from + (out->text.len - before);	/* one line: after the marker */
	if (last_nl < pos)
		last_nl = pos;
	for (size_t p = last_nl; p < to; p++)
		buf_putc(&out->text, ' ');
	ALLOC_GROW(out->cuts, out->nr + 1, out->alloc);
	cut = &out->cuts[out->nr++];
	*cut = (struct slice_cut){ from, to - from, before, out->text.len - before };
}

/*
 * Can fn's whole definition go, not only its body (spatch tries every
 * rule on every top-level item, an empty function too)?  Its declaration
 * must start right after the top-level item before it (a ';', a '}', a
 * directive, or the start of the text): anything else there
 * ("__printf(1, 2)", an attribute) would be left without its function.
 * And it must take more than one line, so that its stand-in cannot push
 * what follows on its last line to another column.
 */
static bool whole_definition(const struct toks *t, const struct cfunc *c, size_t *first)
{
	size_t d = cfunc_decl_start(t, c);

	*first = d;
	if (c->close >= t->nr || t->v[d].line == t->v[c->close].line)
		return false;
	return d == 0 || t->v[d - 1].start < c->from || t->v[d - 1].directive ||
	       tok_is(t, d - 1, ";") || tok_is(t, d - 1, "}");
}

/*
 * Can this body be blanked: both braces found, a type before the name (a
 * "DECLARE_RC_STRUCT(map) {" declares a struct), no directive from the
 * name to the '{' (cfuncs_find() takes "#define X (A | B)" + "enum {" for
 * a function), and no struct, union or enum right before the '{'?
 */
static bool blankable(const struct toks *t, const struct cfunc *c)
{
	if (c->close >= t->nr || t->v[c->close].directive)
		return false;
	if (!c->head || t->v[c->head - 1].start < c->from || t->v[c->head - 1].directive ||
	    !(t->v[c->head - 1].type == TOK_IDENT || tok_is(t, c->head - 1, "*")))
		return false;
	for (size_t i = c->head; i <= c->open; i++)
		if (t->v[i].directive)
			return false;
	for (size_t i = c->open; i > c->head && t->v[i - 1].type == TOK_IDENT; i--)
		if (tok_is(t, i - 1, "struct") || tok_is(t, i - 1, "union") ||
		    tok_is(t, i - 1, "enum"))
			return false;
	return true;
}

/* Are tokens (a, b) all of directives?  Then a stand-in may span them. */
static bool only_directives(const struct toks *t, size_t a, size_t b)
{
	for (size_t i = a + 1; i < b; i++)
		if (!t->v[i].directive)
			return false;
	return true;
}

/*
 * Blank c's whole definition, tokens first..c->close.  When only
 * directives (and comments) lie between it and the whole definition
 * blanked before, the two take one stand-in: spatch tries every rule on
 * every top-level item, a stand-in too.
 */
static void blank_whole(struct slice *out, const struct toks *t, const struct cfunc *c,
			size_t first, size_t *copied, struct whole_run *run)
{
	size_t from = t->v[first].start;

	if (run->cut < SIZE_MAX && run->cut == out->nr - 1 && only_directives(t, run->close, first)) {
		const struct slice_cut *prev = &out->cuts[run->cut];

		from = prev->orig;
		buf_truncate(&out->text, prev->out);
		out->nr--;
		first = run->first;
	} else {
		buf_add(&out->text, t->text + *copied, from - *copied);
		run->first = first;
	}
	blank_text(out, t, from, t->v[c->close].start + 1, first, c->close, true);
	run->cut = out->nr - 1;
	run->close = c->close;
	*copied = t->v[c->close].start + 1;
}

void slice_make(struct slice *out, const char *text, size_t len)
{
	struct toks t = { 0 };
	struct cfuncs f = { 0 };
	struct scan sc = { &t, &f, NULL, NULL, { 0 } };
	struct whole_run run = { SIZE_MAX, 0, 0 };
	size_t copied = 0;

	/* A text that holds a marker already could not be put back for sure. */
	if (memmem(text, len, SENTINEL_PREFIX, strlen(SENTINEL_PREFIX)) ||
	    memmem(text, len, DECL_PREFIX, strlen(DECL_PREFIX)))
		return;
	toks_scan(&t, text, len);
	cfuncs_find(&f, &t);
	out->functions = f.nr;
	if (!f.nr || regcomp(&sc.cpu_re, cpu_local, REG_EXTENDED | REG_NOSUB))
		goto out;
	sc.by_name = xcalloc(f.nr, sizeof(*sc.by_name));
	sc.info = xcalloc(f.nr, sizeof(*sc.info));
	for (size_t i = 0; i < f.nr; i++)
		sc.by_name[i] = i;
	qsort_r(sc.by_name, f.nr, sizeof(*sc.by_name), cmp_name, &f);
	for (size_t i = 0; i < f.nr; i++)
		read_body(&sc, i);
	choose_kept(&sc);
	for (size_t i = 0; i < f.nr; i++) {
		if (sc.info[i].keep || !blankable(&t, &f.v[i]))
			continue;
		const struct cfunc *c = &f.v[i];
		size_t first;

		out->blanked++;
		if (whole_definition(&t, c, &first)) {
			blank_whole(out, &t, c, first, &copied, &run);
		} else {
			buf_add(&out->text, text + copied, t.v[c->open].start + 1 - copied);
			blank_text(out, &t, t.v[c->open].start + 1, t.v[c->close].start,
				   c->open + 1, c->close - 1, false);
			copied = t.v[c->close].start;
		}
	}
	if (out->nr)
		buf_add(&out->text, text + copied, len - copied);
	for (size_t i = 0; i < f.nr; i++)
		free(sc.info[i].names);
	free(sc.info);
	free(sc.by_name);
	regfree(&sc.cpu_re);
out:
	cfuncs_release(&f);
	toks_release(&t);
}

int slice_restore(struct buf *out, const struct slice *s, const char *orig,
		  const char *converted, size_t converted_len)
{
	size_t pos = 0;

	for (size_t i = 0; i < s->nr; i++) {
		const struct slice_cut *c = &s->cuts[i];
		const char *at = memmem(converted + pos, converted_len - pos,
					s->text.ptr + c->out, c->out_len);

		if (!at)
			return -1;
		buf_add(out, converted + pos, (size_t)(at - converted) - pos);
		buf_add(out, orig + c->orig, c->orig_len);
		pos = (size_t)(at - converted) + c->out_len;
	}
	buf_add(out, converted + pos, converted_len - pos);
	return 0;
}

void slice_release(struct slice *s)
{
	buf_release(&s->text);
	free(s->cuts);
	*s = (struct slice)SLICE_INIT;
}

bool slice_enabled(void)
{
	const char *env = getenv("KMAP_LOCAL_SLICE");

	return !env || strcmp(env, "0");
}
