#include "lifo_flow.h"
#include "buf.h"
#include "cfg.h"
#include "cscan.h"
#include "kmap_api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIVE 15
#define MAX_ENTRIES 64

/*
 * One entry per live mapping.  guard: NULL when it is mapped on every
 * path that reaches here; else the condition it was mapped under
 * ("PageHighMem(page)"), or MAYBE when paths that did and did not map met
 * at a label, so only an unmap guarded by the pointer itself ("if (p)")
 * may release it.
 */
struct stack {
	char *name[MAX_ENTRIES];
	char *alias[MAX_ENTRIES];	/* "base = addr;": the unmap may name base */
	const char *guard[MAX_ENTRIES];
	bool loop[MAX_ENTRIES];		/* one entry for an array a loop mapped */
	bool mine[MAX_ENTRIES];		/* a local map into a plain variable: it must not leak */
	bool indexed[MAX_ENTRIES];	/* mapped into an array element: "v[i] = map()" */
	bool held[MAX_ENTRIES];		/* from a map wrapper: released before any return */
	int nr;
};

static const char MAYBE[] = "";

enum loop_mode { LOOP_SAME, LOOP_MAPS, LOOP_UNMAPS };

/*
 * The dataflow over one function's graph: the stack on every edge, and
 * per node what it last saw.  A node that cannot go on (a join whose
 * paths disagree, an unmap out of order, a leak) keeps its reason in
 * fail[]; a later visit that succeeds clears it, so only the states the
 * walk settles on decide.
 */
struct walk {
	const struct toks *t;
	const struct cfg *g;
	const struct lifo_wrappers *wr;	/* or NULL */
	bool nesting, deep, unsettled;
	int max;
	struct lifo_swap swaps[LIFO_MAX_SWAPS];
	int nr_swaps;
	bool too_many_swaps;
	char **owned;		/* every name pushed; stacks only borrow them */
	size_t nr_owned, alloc_owned;
	struct stack *edge;	/* per edge */
	bool *edge_set;
	struct stack *in;	/* per node: the state it was last visited with */
	bool *visited;
	bool *swapped;		/* its unmap went with the statement before (a swap) */
	char **fail;		/* per node: why the walk stops there, or NULL */
	enum lifo_fail *fail_kind;
	char **cond;		/* per node: its condition, spaces removed */
	enum loop_mode *mode;	/* per loop head */
	struct stack *leave;	/* per loop head: the stack when its condition fails */
	int *heap;		/* nodes to visit, by position in the text */
	size_t nr_heap;
	bool *queued;
};

static const struct kmap_call *call_at(const struct toks *t, size_t i)
{
	if (i >= t->nr || t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return NULL;
	return kmap_call_find(t->text + t->v[i].start, t->v[i].len);
}

/* Is token i a call of one of names[0..nr)? */
static bool calls_one_of(const struct toks *t, size_t i, const char *const *names, int nr)
{
	if (i >= t->nr || t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return false;
	for (int k = 0; k < nr; k++)
		if (tok_is(t, i, names[k]))
			return true;
	return false;
}

static bool calls_map_wrapper(const struct walk *w, size_t i)
{
	return w->wr && calls_one_of(w->t, i, w->wr->map, w->wr->nr_map);
}

static bool calls_unmap_wrapper(const struct walk *w, size_t i)
{
	return w->wr && calls_one_of(w->t, i, w->wr->unmap, w->wr->nr_unmap);
}

static void stack_copy(struct stack *dst, const struct stack *src)
{
	*dst = *src;
}

static bool entry_equal(const struct stack *a, const struct stack *b, int i)
{
	const char *ga = a->guard[i], *gb = b->guard[i];

	return !strcmp(a->name[i], b->name[i]) && (ga == gb || (ga && gb && !strcmp(ga, gb)));
}

static bool stack_equal(const struct stack *a, const struct stack *b)
{
	if (a->nr != b->nr)
		return false;
	for (int i = 0; i < a->nr; i++)
		if (!entry_equal(a, b, i))
			return false;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Equal in everything the walk carries: a change must be passed on. */
static bool stack_same(const struct stack *a, const struct stack *b)
{
	if (!stack_equal(a, b))
		return false;
	for (int i = 0; i < a->nr; i++)
		if (!same_str(a->alias[i], b->alias[i]) || a->loop[i] != b->loop[i] ||
		    a->mine[i] != b->mine[i] || a->indexed[i] != b->indexed[i] ||
		    a->held[i] != b->held[i])
			return false;
	return true;
}
/* Do a and b hold the same entries, but for the top one's guard? */
static bool same_but_guard(const struct stack *a, const struct stack *b)
{
	int top = a->nr - 1;

	if (a->nr != b->nr || !a->nr || strcmp(a->name[top], b->name[top]))
		return false;
	for (int i = 0; i < top; i++)
		if (!entry_equal(a, b, i))
			return false;
	return true;
}

/* Is long one entry longer than short, and equal below it? */
static bool one_more(const struct stack *lng, const struct stack *shrt)
{
	if (lng->nr != shrt->nr + 1)
		return false;
	for (int i = 0; i < shrt->nr; i++)
		if (!entry_equal(lng, shrt, i))
			return false;
	return true;
}

/* The text of tokens [a, b) without spaces: "p->addr", "d". */
static char *join(const struct toks *t, size_t a, size_t b)
{
	struct buf out = BUF_INIT;

	for (size_t i = a; i < b; i++)
		buf_add(&out, t->text + t->v[i].start, t->v[i].len);
	return buf_detach(&out, NULL);
}

/* The walk frees every name and condition it made when it ends. */
static char *own(struct walk *w, char *s)
{
	ALLOC_GROW(w->owned, w->nr_owned + 1, w->alloc_owned);
	w->owned[w->nr_owned++] = s;
	return s;
}

static void push_map(struct walk *w, struct stack *st, char *name, bool mine, bool indexed)
{
	own(w, name);
	if (st->nr >= MAX_ENTRIES) {
		w->nesting = true;
		return;
	}
	st->name[st->nr] = name;
	st->alias[st->nr] = NULL;
	st->guard[st->nr] = NULL;
	st->loop[st->nr] = false;
	st->indexed[st->nr] = indexed;
	st->held[st->nr] = false;
	st->mine[st->nr++] = mine;
	if (st->nr > w->max)
		w->max = st->nr;
	if (st->nr > MAX_LIVE)
		w->nesting = true;
}

/* Do tokens starting at i spell `name` exactly ("p", "ctx->addr")? */
static bool spells(const struct toks *t, size_t i, size_t end, const char *name)
{
	size_t n = strlen(name), got = 0;

	if (i > 0 && (tok_is(t, i - 1, ".") || tok_is(t, i - 1, "->")))
		return false;
	for (; i < end && got < n; i++) {
		if (t->v[i].len > n - got || memcmp(t->text + t->v[i].start, name + got, t->v[i].len))
			return false;
		got += t->v[i].len;
	}
	return got == n && !(i < end && (tok_is(t, i, ".") || tok_is(t, i, "->")));
}

/* Which entry does the unmap's argument [a, b) name?  -1 if none. */
static int unmap_target(const struct toks *t, size_t a, size_t b, const struct stack *st)
{
	for (int k = st->nr - 1; k >= 0; k--)
		for (size_t i = a; i < b; i++)
			if (spells(t, i, b, st->name[k]) ||
			    (st->alias[k] && spells(t, i, b, st->alias[k])))
				return k;
	return -1;
}

/* "x = <expression naming a mapping>;": x may stand for it at the unmap. */
static void note_alias(struct walk *w, struct stack *st, size_t s0, size_t s1)
{
	const struct toks *t = w->t;
	int k;

	if (s0 + 2 >= s1 || t->v[s0].type != TOK_IDENT || !tok_is(t, s0 + 1, "="))
		return;
	for (size_t i = s0 + 2; i < s1; i++)
		if (t->v[i].type == TOK_IDENT && tok_is(t, i + 1, "("))
			return;		/* a call's result is not the mapping */
	k = unmap_target(t, s0 + 2, s1, st);
	if (k >= 0 && !spells(t, s0, s0 + 1, st->name[k]))
		st->alias[k] = own(w, join(t, s0, s0 + 1));
}

/* The variable assigned by "... X = map(...)": X as an ident chain, or "?". */
static char *assigned_name(const struct toks *t, size_t s0, size_t i, bool *indexed)
{
	size_t eq = i, n0;

	while (eq > s0 && !tok_is(t, eq, "="))
		eq--;
	if (eq > s0 + 2 && tok_is(t, eq - 1, "]")) {	/* "v[i] =": the array v */
		size_t open = eq - 1;

		while (open > s0 && !tok_is(t, open, "["))
			open--;
		if (tok_is(t, open, "[") && tok_match(t, open) == eq - 1)
			eq = open;
		*indexed = tok_is(t, eq, "[");
	}
	if (!(tok_is(t, eq, "=") || tok_is(t, eq, "[")) || eq == s0 ||
	    t->v[eq - 1].type != TOK_IDENT)
		return xstrdup("?");
	n0 = eq - 1;
	while (n0 >= s0 + 2 && (tok_is(t, n0 - 1, "->") || tok_is(t, n0 - 1, ".")) &&
	       t->v[n0 - 2].type == TOK_IDENT)
		n0 -= 2;
	return join(t, n0, eq);
}

static bool is_unmap_stmt(const struct walk *w, size_t i, size_t end, size_t *arg0,
			  size_t *arg1)
{
	const struct toks *t = w->t;

	if (!kmap_call_unmaps_slot(call_at(t, i)) && !calls_unmap_wrapper(w, i))
		return false;
	*arg0 = i + 2;
	*arg1 = tok_match(t, i + 1);
	return *arg1 < end && tok_is(t, *arg1 + 1, ";");
}

static void note_swap(struct walk *w, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const struct toks *t = w->t;
	struct lifo_swap s = { t->v[a0].start, t->v[a1].start + 1, t->v[b0].start,
		t->v[b1].start + 1 };

	for (int i = 0; i < w->nr_swaps; i++)
		if (w->swaps[i].a0 == s.a0)
			return;		/* the walk passed here before */
	if (w->nr_swaps >= LIFO_MAX_SWAPS) {
		w->too_many_swaps = true;
		return;
	}
	w->swaps[w->nr_swaps++] = s;
}


/* Node n cannot go on: say where and why (replacing what it said before). */
static void refuse(struct walk *w, int n, enum lifo_fail kind, const char *fmt, ...)
{
	struct buf why = BUF_INIT;
	va_list ap;

	buf_printf(&why, "line %u: ", w->g->v[n].line);
	va_start(ap, fmt);
	buf_vprintf(&why, fmt, ap);
	va_end(ap);
	free(w->fail[n]);
	w->fail[n] = buf_detach(&why, NULL);
	w->fail_kind[n] = kind;
}

/* "'p', 'q'" or "nothing": what a stack holds, for the evidence. */
static const char *describe(struct walk *w, const struct stack *st)
{
	struct buf out = BUF_INIT;

	for (int i = 0; i < st->nr; i++)
		buf_printf(&out, "%s'%s'%s", i ? ", " : "", st->name[i],
			   st->guard[i] ? " (on some paths)" : "");
	if (!st->nr)
		buf_puts(&out, "nothing");
	return own(w, buf_detach(&out, NULL));
}

/* Is the name assigned at [s0, eq) a plain variable ("p", not "*out" or "s->p")? */
static bool plain_target(const struct toks *t, size_t s0, size_t i)
{
	size_t eq = i;

	while (eq > s0 && !tok_is(t, eq, "="))
		eq--;
	if (!tok_is(t, eq, "=") || eq == s0 || t->v[eq - 1].type != TOK_IDENT)
		return false;
	if (eq >= s0 + 2 && (tok_is(t, eq - 2, "->") || tok_is(t, eq - 2, ".")))
		return false;
	/* "*out = ..." stores through a pointer; "char *p = ..." declares p */
	return !(eq >= s0 + 2 && tok_is(t, eq - 2, "*") &&
		 (eq - 2 == s0 || t->v[eq - 3].type != TOK_IDENT));
}

/* "base = p = map(...)": base names the same mapping. */
static void note_chained(struct walk *w, struct stack *st, size_t s0, size_t i)
{
	const struct toks *t = w->t;
	size_t eq = i;

	while (eq > s0 && !tok_is(t, eq, "="))
		eq--;
	if (eq < s0 + 3 || !tok_is(t, eq - 2, "=") || t->v[eq - 3].type != TOK_IDENT ||
	    (eq - 3 > s0 && (tok_is(t, eq - 4, "->") || tok_is(t, eq - 4, "."))))
		return;
	st->alias[st->nr - 1] = own(w, join(t, eq - 3, eq - 2));
}

/* The statement after node n, if n leads only to it and it only follows n. */
static int next_stmt(const struct walk *w, int n)
{
	const struct cfg *g = w->g;
	int m;

	if (g->v[n].nr_out != 1)
		return -1;
	m = cfg_out(g, n, 0)->to;
	if (g->v[m].kind != CFG_STMT || g->v[m].nr_in != 1 || g->v[m].s0 != g->v[n].s1 + 1)
		return -1;
	return m;
}

/* An unmap out of order: fixable if the next statement unmaps the top. */
static bool unmap_disorder(struct walk *w, struct stack *st, int n, int k, size_t s0, size_t s1)
{
	int m = next_stmt(w, n);
	size_t a0, a1;

	if (k == st->nr - 2 && m >= 0 && is_unmap_stmt(w, w->g->v[m].s0, w->t->nr, &a0, &a1) &&
	    unmap_target(w->t, a0, a1, st) == st->nr - 1) {
		note_swap(w, s0, s1, w->g->v[m].s0, a1 + 1);
		w->swapped[m] = true;
		st->nr -= 2;
		return true;
	}
	refuse(w, n, LIFO_ORDER, "'%s' is unmapped while '%s', mapped after it, is still mapped",
	       st->name[k], st->name[st->nr - 1]);
	return false;
}

/* One unmap of [a0, a1) in node n.  False: the walk stops there. */
static bool unmap(struct walk *w, struct stack *st, int n, size_t a0, size_t a1, size_t s0,
		  size_t s1)
{
	int k = unmap_target(w->t, a0, a1, st);

	if (k < 0) {
		if (!st->nr)
			return true;
		refuse(w, n, LIFO_ORDER, "the unmap names none of the live mappings (%s)",
		       describe(w, st));
		return false;
	}
	if (k < st->nr - 1)
		return unmap_disorder(w, st, n, k, s0, s1);
	if (st->guard[k]) {
		refuse(w, n, LIFO_PATHS, "'%s' is unmapped on every path but mapped only on some",
		       st->name[k]);
		return false;
	}
	st->nr--;
	return true;
}

/*
 * "addr = get(..., &page)": a mapping the wrapper took, which this
 * function must release before it returns; the page it hands out through
 * "&page" names the mapping too.
 */
static void push_wrapper_map(struct walk *w, struct stack *st, size_t s0, size_t i)
{
	const struct toks *t = w->t;
	size_t close = tok_match(t, i + 1);
	bool indexed = false;
	int nr = st->nr;

	push_map(w, st, assigned_name(t, s0, i, &indexed), false, indexed);
	if (st->nr == nr)
		return;
	st->held[nr] = true;
	for (size_t j = i + 2; j + 2 <= close && close < t->nr; j++)
		if (tok_is(t, j, "&") && (tok_is(t, j - 1, ",") || tok_is(t, j - 1, "(")) &&
		    t->v[j + 1].type == TOK_IDENT && (tok_is(t, j + 2, ",") || j + 2 == close))
			st->alias[nr] = own(w, join(t, j + 1, j + 2));
}

/* Map and unmap events of the statement [s0, s1] of node n. */
static bool expr_events(struct walk *w, struct stack *st, int n, size_t s0, size_t s1)
{
	const struct toks *t = w->t;
	bool skip = w->swapped[n];	/* its unmap was taken with the one before */

	note_alias(w, st, s0, s1);
	for (size_t i = s0; i < s1; i++) {
		const struct kmap_call *c = call_at(t, i);

		if (kmap_call_maps_slot(c)) {
			bool indexed = false;
			char *name = assigned_name(t, s0, i, &indexed);

			push_map(w, st, name, c->role == KMAP_LOCAL_MAP && plain_target(t, s0, i),
				 indexed);
			if (st->nr)
				note_chained(w, st, s0, i);
		} else if (calls_map_wrapper(w, i)) {
			push_wrapper_map(w, st, s0, i);
		} else if ((kmap_call_unmaps_slot(c) || calls_unmap_wrapper(w, i)) && skip) {
			skip = false;
		} else if (kmap_call_unmaps_slot(c) || calls_unmap_wrapper(w, i)) {
			if (!unmap(w, st, n, i + 2, tok_match(t, i + 1), s0, s1))
				return false;
		}
	}
	return true;
}

/* Does "return ...;" [s0, s1] hand entry k to the caller? */
static bool returns_entry(const struct toks *t, size_t s0, size_t s1, const struct stack *st,
			  int k)
{
	for (size_t i = s0 + 1; i < s1; i++)
		if (spells(t, i, s1, st->name[k]) || (st->alias[k] && spells(t, i, s1, st->alias[k])))
			return true;
	return false;
}

/*
 * Leaving the function: a local mapping still live leaks on this path; a
 * map wrapper's one, even returned, goes where this file cannot follow it.
 */
static bool check_leaks(struct walk *w, const struct stack *st, int n, int from)
{
	const struct cfg_node *v = &w->g->v[n];

	for (int k = 0; k < st->nr; k++) {
		if (st->held[k]) {
			refuse(w, n, LIFO_HELD, "%s with '%s' from the map wrapper still mapped",
			       v->kind == CFG_RETURN ? "it returns" : "it ends", st->name[k]);
			return false;
		}
		if (!st->mine[k] || k >= from)
			continue;
		if (v->kind == CFG_RETURN && returns_entry(w->t, v->s0, v->s1, st, k))
			continue;
		refuse(w, n, LIFO_LEAK, "%s with '%s' still mapped",
		       v->kind == CFG_RETURN ? "it returns" : "it ends", st->name[k]);
		return false;
	}
	return true;
}

/*
 * May "if (cond)" release an entry mapped on some paths only?  When cond
 * is the condition it was mapped under, or tests the pointer itself.
 */
static bool guard_released_by(const struct stack *st, const char *cond)
{
	const char *guard, *name;
	size_t n;

	if (!st->nr || !st->guard[st->nr - 1])
		return false;
	guard = st->guard[st->nr - 1];
	name = st->name[st->nr - 1];
	n = strlen(name);
	if (guard != MAYBE && !strcmp(guard, cond))
		return true;
	if (!strcmp(cond, name))
		return true;
	if (!strncmp(cond, name, n) && !strcmp(cond + n, "!=NULL"))
		return true;
	return !strncmp(cond, "NULL!=", 6) && !strcmp(cond + 6, name);
}

/*
 * The arms of "if (cond)" meet: they may differ by one entry that cond
 * explains, or by the guard an arm that tested the pointer dropped.
 */
static bool merge_guarded(struct stack *st, const struct stack *a, const struct stack *b,
			  const char *cond)
{
	if (one_more(a, b) && !a->guard[a->nr - 1]) {
		stack_copy(st, a);	/* mapped under cond */
		st->guard[st->nr - 1] = cond;
		return true;
	}
	if (one_more(b, a) && guard_released_by(b, cond)) {
		stack_copy(st, a);	/* released under its own condition */
		return true;
	}
	if (same_but_guard(a, b) && !a->guard[a->nr - 1] && guard_released_by(b, cond)) {
		stack_copy(st, b);	/* "if (p) use(p);": still mapped on some paths */
		return true;
	}
	if (same_but_guard(a, b) && (a->guard[a->nr - 1] == MAYBE || b->guard[b->nr - 1] == MAYBE)) {
		stack_copy(st, a);	/* one arm remapped what may be mapped: still may be */
		st->guard[st->nr - 1] = MAYBE;
		return true;
	}
	return false;
}

/*
 * Paths that did and did not map one more entry meet at a label: it is
 * mapped on some of them, and only an unmap that tests the pointer may
 * release it.
 */
static bool merge_maybe(struct stack *l, const struct stack *st)
{
	if (one_more(st, l))
		stack_copy(l, st);
	else if (!one_more(l, st) && !same_but_guard(l, st))
		return false;
	l->guard[l->nr - 1] = MAYBE;
	return true;
}

/* "at label 'out'", "at 'case 1'", "after the loop": where node n is. */
static const char *meeting_point(struct walk *w, int n)
{
	const struct cfg_node *v = &w->g->v[n];
	const struct toks *t = w->t;
	struct buf out = BUF_INIT;

	if (v->kind == CFG_LABEL)
		buf_printf(&out, "at label '%.*s'", (int)t->v[v->s0].len, t->text + t->v[v->s0].start);
	else if (v->kind == CFG_MEET && tok_is(t, v->s0, "case") && v->s0 + 1 < t->nr)
		buf_printf(&out, "at 'case %.*s'", (int)t->v[v->s0 + 1].len,
			   t->text + t->v[v->s0 + 1].start);
	else if (v->kind == CFG_MEET && tok_is(t, v->s0, "default"))
		buf_puts(&out, "at 'default'");
	else if (v->kind == CFG_MEET && tok_is(t, v->s0, "switch"))
		buf_puts(&out, "after the switch");
	else if (v->kind == CFG_MEET)
		buf_puts(&out, "after the loop");
	else
		buf_puts(&out, "here");
	return own(w, buf_detach(&out, NULL));
}

/*
 * The state where the edges into n that have `flags` (all when 0, none of
 * CFG_BACK when `forward`) meet: they must agree; at a label, they may
 * differ by one entry mapped on some paths only.  False when none has a
 * state yet, or they disagree (n refuses).
 */
static bool meet(struct walk *w, int n, unsigned flags, bool forward, struct stack *out)
{
	const struct cfg_node *v = &w->g->v[n];
	bool any = false, back = false;

	for (size_t k = 0; k < v->nr_in; k++) {
		const struct cfg_edge *e = cfg_in(w->g, n, k);
		size_t id = e - w->g->e;

		if ((flags && !(e->flags & flags)) || (forward && (e->flags & CFG_BACK)) ||
		    !w->edge_set[id])
			continue;
		if (!any) {
			stack_copy(out, &w->edge[id]);
		} else if (!stack_equal(out, &w->edge[id]) &&
			   ((back || (e->flags & CFG_BACK)) || v->kind != CFG_LABEL ||
			    !merge_maybe(out, &w->edge[id]))) {
			refuse(w, n, LIFO_PATHS, "paths meet %s with %s mapped on one and %s on "
			       "another", meeting_point(w, n), describe(w, out),
			       describe(w, &w->edge[id]));
			return false;
		}
		any = true;
		back = back || (e->flags & CFG_BACK);
	}
	return any;
}

static unsigned null_way(struct walk *w, const char *cond, const char *name);

/*
 * "if (!p)" where p was mapped on some paths only: after it, p is mapped
 * where it is set, so it stays mapped on some paths only.
 */
static bool null_join(struct walk *w, int n, const struct stack *x, const struct stack *y,
		      struct stack *out)
{
	if (!one_more(x, y) || !null_way(w, w->cond[n], x->name[x->nr - 1]))
		return false;
	stack_copy(out, x);
	out->guard[out->nr - 1] = MAYBE;
	return true;
}

static bool join_if(struct walk *w, int n, struct stack *out)
{
	struct stack a, b;
	bool ha = meet(w, n, CFG_THEN, false, &a), hb = meet(w, n, CFG_ELSE, false, &b);

	if (w->fail[n])
		return false;
	if (!ha || !hb) {
		if (ha || hb)
			stack_copy(out, ha ? &a : &b);
		return ha || hb;
	}
	if (stack_equal(&a, &b)) {
		stack_copy(out, &a);
		return true;
	}
	if (merge_guarded(out, &a, &b, w->cond[n]) || null_join(w, n, &a, &b, out) ||
	    null_join(w, n, &b, &a, out))
		return true;
	refuse(w, n, LIFO_PATHS, "the arms of 'if (%s)' end with %s mapped and with %s",
	       w->cond[n], describe(w, &a), describe(w, &b));
	return false;
}

static void push_node(struct walk *w, int n);

/* The condition of the loop whose head is n. */
static int loop_cond(const struct walk *w, int n)
{
	for (size_t i = 0; i < w->g->nr; i++)
		if (w->g->v[i].loop == n)
			return (int)i;
	return -1;
}

/*
 * An iteration that comes back with one more entry mapped on some paths
 * only ("if (!p) p = map();", "if (p) unmap(p); p = map();" under a
 * condition): at the head it may or may not be mapped, as at a label.
 */
static void widen_loop_head(struct walk *w, int n, struct stack *out)
{
	const struct cfg_node *v = &w->g->v[n];

	for (size_t k = 0; k < v->nr_in; k++) {
		const struct cfg_edge *e = cfg_in(w->g, n, k);
		const struct stack *b = &w->edge[e - w->g->e];

		if (!(e->flags & CFG_BACK) || !w->edge_set[e - w->g->e] || !b->nr ||
		    !b->guard[b->nr - 1])
			continue;
		if (one_more(b, out) || same_but_guard(b, out))
			merge_maybe(out, b);
	}
}

/*
 * A loop's head: every iteration must end with the stack it began with,
 * but for the upstream idiom of a loop mapping an array (one entry more,
 * whatever the length) and a later loop unmapping it (one entry less).
 */
static bool loop_head(struct walk *w, int n, struct stack *out)
{
	const struct cfg_node *v = &w->g->v[n];
	enum loop_mode mode = LOOP_SAME;
	struct stack leave;
	const struct stack *first = NULL;

	if (!meet(w, n, 0, true, out))
		return false;
	widen_loop_head(w, n, out);
	stack_copy(&leave, out);
	for (size_t k = 0; k < v->nr_in; k++) {
		const struct cfg_edge *e = cfg_in(w->g, n, k);
		const struct stack *b = &w->edge[e - w->g->e];
		enum loop_mode m;

		if (!(e->flags & CFG_BACK) || !w->edge_set[e - w->g->e])
			continue;
		if (stack_equal(b, out) || (b->nr && b->guard[b->nr - 1] && same_but_guard(b, out) &&
					    out->guard[out->nr - 1] == MAYBE))
			m = LOOP_SAME;	/* widened to it */
		else if (one_more(b, out) && !b->guard[b->nr - 1] && b->indexed[b->nr - 1])
			m = LOOP_MAPS;	/* an array, one element per iteration */
		else if (out->nr && out->loop[out->nr - 1] && one_more(out, b))
			m = LOOP_UNMAPS;
		else
			m = -1;
		if ((int)m < 0) {
			refuse(w, n, LIFO_PATHS, "an iteration of the loop ends with %s mapped but "
			       "began with %s", describe(w, b), describe(w, out));
			return false;
		}
		if (first && m != mode) {
			refuse(w, n, LIFO_PATHS, "the paths back to the loop's head end iterations "
			       "with %s mapped and with %s", describe(w, first), describe(w, b));
			return false;
		}
		mode = m;
		first = b;
		if (m != LOOP_SAME) {
			stack_copy(&leave, b);
			if (m == LOOP_MAPS)
				leave.loop[leave.nr - 1] = true;
		}
	}
	if (mode != w->mode[n] || !stack_same(&leave, &w->leave[n])) {
		int c = loop_cond(w, n);

		w->mode[n] = mode;
		stack_copy(&w->leave[n], &leave);
		if (c >= 0) {
			w->visited[c] = false;	/* its way out changed */
			push_node(w, c);
		}
	}
	return true;
}

/* The state on entry to node n; false: none yet, or n refuses. */
static bool node_in(struct walk *w, int n, struct stack *out)
{
	switch (w->g->v[n].kind) {
	case CFG_ENTRY:
		out->nr = 0;
		return true;
	case CFG_JOIN:
		return join_if(w, n, out);
	case CFG_LOOP:
		return loop_head(w, n, out);
	default:
		return meet(w, n, 0, false, out);
	}
}

/* cond without "likely(...)"/"unlikely(...)" around it, in w's storage. */
static const char *unwrap_likely(struct walk *w, const char *cond)
{
	size_t n = strlen(cond);

	for (const char *const *p = (const char *const[]){ "likely(", "unlikely(", NULL }; *p; p++)
		if (!strncmp(cond, *p, strlen(*p)) && n > strlen(*p) && cond[n - 1] == ')')
			return own(w, xstrndup(cond + strlen(*p), n - strlen(*p) - 1));
	return cond;
}

/*
 * Which way of "if (cond)" finds the pointer named `name` NULL: "!p",
 * "p == NULL" when true, "p", "p != NULL" when false.  0: neither.
 */
static unsigned null_way(struct walk *w, const char *cond, const char *name)
{
	const char *c = unwrap_likely(w, cond);
	size_t n = strlen(name);

	if ((c[0] == '!' && !strcmp(c + 1, name)) ||
	    (!strncmp(c, name, n) && !strcmp(c + n, "==NULL")) ||
	    (!strncmp(c, "NULL==", 6) && !strcmp(c + 6, name)))
		return CFG_TRUE;
	if (!strcmp(c, name) || (!strncmp(c, name, n) && !strcmp(c + n, "!=NULL")) ||
	    (!strncmp(c, "NULL!=", 6) && !strcmp(c + 6, name)))
		return CFG_FALSE;
	return 0;
}

/*
 * A test of the top entry's pointer.  Where it finds it NULL: if it was
 * mapped on every path, that way is never taken (kmap never returns NULL;
 * code that checks anyway leaves on it); if only on some, it is not
 * mapped there.  Where it finds it set, it is mapped for sure.  False:
 * the way is never taken.
 */
static bool null_test(struct walk *w, const char *cond, unsigned way, struct stack *st)
{
	int k = st->nr - 1;
	unsigned null;

	if (k < 0 || !(null = null_way(w, cond, st->name[k])))
		return true;
	if (null != way) {
		st->guard[k] = NULL;
		return true;
	}
	if (!st->guard[k])
		return false;
	st->nr--;
	return true;
}

/* The length of "IS_ERR(" or "IS_ERR_OR_NULL(" starting c, else 0. */
static size_t failed_get_test(const char *c)
{
	for (const char *const *p = (const char *const[]){ "IS_ERR(", "IS_ERR_OR_NULL(", NULL };
	     *p; p++)
		if (!strncmp(c, *p, strlen(*p)))
			return strlen(*p);
	return 0;
}

/*
 * Does "IS_ERR(x)" (or "IS_ERR_OR_NULL(x)": a wrapper never maps a NULL
 * page) name the top entry, a map wrapper's mapping?
 */
static bool tests_failed_get(const struct stack *st, const char *c, size_t n)
{
	int top = st->nr - 1;
	size_t open = failed_get_test(c);

	if (top < 0 || !st->held[top] || !open || n < open + 2 || c[n - 1] != ')')
		return false;
	c += open;
	n -= open + 1;
	return (strlen(st->name[top]) == n && !strncmp(c, st->name[top], n)) ||
	       (st->alias[top] && strlen(st->alias[top]) == n && !strncmp(c, st->alias[top], n));
}

/*
 * "if (IS_ERR(page))" (or IS_ERR_OR_NULL()) of a map wrapper's mapping:
 * where it holds, the wrapper failed and mapped nothing.
 */
static void failed_get(struct walk *w, const char *cond, unsigned way, struct stack *st)
{
	const char *c = unwrap_likely(w, cond);
	bool negated = c[0] == '!';

	if (negated)
		c = unwrap_likely(w, c + 1);
	if (tests_failed_get(st, c, strlen(c)) && way == (negated ? CFG_FALSE : CFG_TRUE))
		st->nr--;
}

/* The state node n passes on along its edge e, given what it made of `st`. */
static bool edge_state(struct walk *w, int n, const struct cfg_edge *e, const struct stack *st,
		       struct stack *out)
{
	const struct cfg_node *v = &w->g->v[n];

	stack_copy(out, st);
	if (v->kind != CFG_COND)
		return true;
	if (v->loop < 0 && (e->flags & (CFG_TRUE | CFG_FALSE)) &&
	    !null_test(w, w->cond[n], e->flags & (CFG_TRUE | CFG_FALSE), out))
		return false;
	if (v->loop < 0 && (e->flags & (CFG_TRUE | CFG_FALSE)))
		failed_get(w, w->cond[n], e->flags & (CFG_TRUE | CFG_FALSE), out);
	if ((e->flags & CFG_TRUE) && v->loop < 0 && guard_released_by(out, w->cond[n]))
		out->guard[out->nr - 1] = NULL;	/* mapped for sure in this arm */
	if ((e->flags & CFG_LEAVE) && v->loop >= 0) {
		bool do_loop = false;

		for (size_t k = 0; k < v->nr_out; k++)
			do_loop = do_loop || (cfg_out(w->g, n, k)->flags & CFG_BACK);
		if (!do_loop)
			stack_copy(out, &w->leave[v->loop]);
		else if (w->mode[v->loop] == LOOP_MAPS && out->nr)
			out->loop[out->nr - 1] = true;
	}
	return true;
}

/* What node n does to the stack; false: the walk stops there. */
static bool transfer(struct walk *w, int n, struct stack *st)
{
	const struct cfg_node *v = &w->g->v[n];
	int before = st->nr;

	switch (v->kind) {
	case CFG_STMT:
		return expr_events(w, st, n, v->s0, v->s1);
	case CFG_RETURN:
		return expr_events(w, st, n, v->s0, v->s1) && check_leaks(w, st, n, before);
	case CFG_EXIT:
		return check_leaks(w, st, n, st->nr);
	default:
		return true;
	}
}

static bool heap_less(const struct walk *w, int a, int b)
{
	const struct cfg_node *x = &w->g->v[a], *y = &w->g->v[b];

	return x->at != y->at ? x->at < y->at : a < b;
}

/* Nodes are visited in the order of the text, so forward paths meet first. */
static void push_node(struct walk *w, int n)
{
	size_t i;

	if (w->queued[n])
		return;
	w->queued[n] = true;
	for (i = w->nr_heap++; i > 0 && heap_less(w, n, w->heap[(i - 1) / 2]); i = (i - 1) / 2)
		w->heap[i] = w->heap[(i - 1) / 2];
	w->heap[i] = n;
}

static int pop_node(struct walk *w)
{
	int top = w->heap[0], last = w->heap[--w->nr_heap];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < w->nr_heap) {
		if (c + 1 < w->nr_heap && heap_less(w, w->heap[c + 1], w->heap[c]))
			c++;
		if (!heap_less(w, w->heap[c], last))
			break;
		w->heap[i] = w->heap[c];
		i = c;
	}
	w->heap[i] = last;
	w->queued[top] = false;
	return top;
}

static void visit(struct walk *w, int n)
{
	const struct cfg_node *v = &w->g->v[n];
	struct stack st, out;

	if (!node_in(w, n, &st))
		return;
	if (w->visited[n] && stack_same(&st, &w->in[n]) && !w->fail[n])
		return;
	free(w->fail[n]);
	w->fail[n] = NULL;
	stack_copy(&w->in[n], &st);
	w->visited[n] = true;
	if (!transfer(w, n, &st))
		return;
	for (size_t k = 0; k < v->nr_out; k++) {
		const struct cfg_edge *e = cfg_out(w->g, n, k);
		size_t id = e - w->g->e;

		if (!edge_state(w, n, e, &st, &out))
			continue;	/* a way never taken */
		if (w->edge_set[id] && stack_same(&out, &w->edge[id]))
			continue;
		stack_copy(&w->edge[id], &out);
		w->edge_set[id] = true;
		push_node(w, e->to);
	}
}

static void walk_init(struct walk *w, const struct toks *t, const struct cfg *g,
		      const struct lifo_wrappers *wr)
{
	size_t n = g->nr;

	*w = (struct walk){ .t = t, .g = g, .wr = wr };
	w->edge = xcalloc(g->nr_e + 1, sizeof(*w->edge));
	w->edge_set = xcalloc(g->nr_e + 1, sizeof(*w->edge_set));
	w->in = xcalloc(n, sizeof(*w->in));
	w->visited = xcalloc(n, sizeof(*w->visited));
	w->swapped = xcalloc(n, sizeof(*w->swapped));
	w->fail = xcalloc(n, sizeof(*w->fail));
	w->fail_kind = xcalloc(n, sizeof(*w->fail_kind));
	w->cond = xcalloc(n, sizeof(*w->cond));
	w->mode = xcalloc(n, sizeof(*w->mode));
	w->leave = xcalloc(n, sizeof(*w->leave));
	w->heap = xcalloc(n, sizeof(*w->heap));
	w->queued = xcalloc(n, sizeof(*w->queued));
	for (size_t i = 0; i < n; i++)
		if (g->v[i].kind == CFG_COND || g->v[i].kind == CFG_JOIN)
			w->cond[i] = own(w, join(t, g->v[i].s0, g->v[i].s1 < t->nr ?
						 g->v[i].s1 : t->nr));
}

static void walk_release(struct walk *w)
{
	for (size_t i = 0; i < w->g->nr; i++)
		free(w->fail[i]);
	for (size_t i = 0; i < w->nr_owned; i++)
		free(w->owned[i]);
	free(w->owned);
	free(w->edge);
	free(w->edge_set);
	free(w->in);
	free(w->visited);
	free(w->swapped);
	free(w->fail);
	free(w->fail_kind);
	free(w->cond);
	free(w->mode);
	free(w->leave);
	free(w->heap);
	free(w->queued);
}

/* Run the dataflow to its fixed point (or give up after many visits). */
static void walk_run(struct walk *w)
{
	size_t budget = 64 * (w->g->nr + w->g->nr_e) + 1024;

	push_node(w, 0);
	while (w->nr_heap) {
		if (!budget--) {
			w->unsettled = true;
			return;
		}
		visit(w, pop_node(w));
	}
}

/* The first node in the text that refused, if any, says why. */
static void walk_result(const struct walk *w, struct lifo_flow *out)
{
	const struct cfg_node *best = NULL;
	size_t at = 0;

	for (size_t i = 0; i < w->g->nr; i++) {
		if (!w->fail[i] || (best && best->at <= w->g->v[i].at))
			continue;
		best = &w->g->v[i];
		at = i;
	}
	if (best) {
		out->fail = w->fail_kind[at];
		out->detail = xstrdup(w->fail[at]);
	}
	if (w->unsettled || w->too_many_swaps)
		out->fail = LIFO_PATHS;
	out->nesting = w->nesting;
	out->deep = w->deep;
	memcpy(out->swaps, w->swaps, sizeof(w->swaps));
	out->nr_swaps = w->nr_swaps;
}

void lifo_flow_run(struct lifo_flow *out, const struct toks *t, const struct cfunc *fn,
		   const struct lifo_wrappers *wr)
{
	struct cfg g;
	struct walk w;

	*out = (struct lifo_flow){ 0 };
	cfg_build(&g, t, fn->open, fn->close);
	walk_init(&w, t, &g, wr);
	w.deep = g.deep;
	if (!w.deep)
		walk_run(&w);
	walk_result(&w, out);
	walk_release(&w);
	cfg_release(&g);
}

void lifo_flow_release(struct lifo_flow *f)
{
	free(f->detail);
	*f = (struct lifo_flow){ 0 };
}
