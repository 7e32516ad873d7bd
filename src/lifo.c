#include "lifo.h"
#include "buf.h"
#include "cscan.h"
#include "kmap_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIVE 15
#define MAX_DEPTH 1000	/* statements nested deeper are not walked */

/*
 * guard: NULL when the entry is mapped on every path that reaches here;
 * else the condition it was mapped under ("PageHighMem(page)"), or
 * MAYBE when paths that did and did not map met at a label, so only an
 * unmap guarded by the pointer itself ("if (p)") may release it.
 */
struct stack {
	char *name[64];
	char *alias[64];	/* "base = addr;": the unmap may name base */
	const char *guard[64];
	bool loop[64];
	int nr;
};

static const char MAYBE[] = "";

struct label_state {
	char *name;
	struct stack st;
	bool passed;	/* the walk went past it: a later goto jumps back */
};

struct swap {
	size_t a0, a1, b0, b1;	/* byte ranges of two statements */
};

struct walk {
	const struct toks *t;
	bool bad, nesting, paths;	/* paths: two paths met with different stacks */
	bool deep;		/* statements nest past MAX_DEPTH */
	int depth;
	int max;
	struct label_state labels[32];
	int nr_labels;
	struct swap swaps[16];
	int nr_swaps;
	char **owned;		/* every name pushed; stacks only borrow them */
	size_t nr_owned, alloc_owned;
};

static const struct kmap_call *call_at(const struct toks *t, size_t i)
{
	if (i >= t->nr || t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return NULL;
	return kmap_call_find(t->text + t->v[i].start, t->v[i].len);
}

static bool tok_in(const struct toks *t, size_t i, const char *const *set)
{
	for (; *set; set++)
		if (tok_is(t, i, *set))
			return true;
	return false;
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

static void push_map(struct walk *w, struct stack *st, char *name)
{
	own(w, name);
	if (st->nr >= 64) {
		w->nesting = true;
		return;
	}
	st->name[st->nr] = name;
	st->alias[st->nr] = NULL;
	st->guard[st->nr] = NULL;
	st->loop[st->nr++] = false;
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
		if (call_at(t, i))
			return;
	k = unmap_target(t, s0 + 2, s1, st);
	if (k >= 0 && !spells(t, s0, s0 + 1, st->name[k]))
		st->alias[k] = own(w, join(t, s0, s0 + 1));
}

/* The variable assigned by "... X = map(...)": X as an ident chain, or "?". */
static char *assigned_name(const struct toks *t, size_t s0, size_t i)
{
	size_t eq = i, n0;

	while (eq > s0 && !tok_is(t, eq, "="))
		eq--;
	if (!tok_is(t, eq, "=") || eq == s0 || t->v[eq - 1].type != TOK_IDENT)
		return xstrdup("?");
	n0 = eq - 1;
	while (n0 >= s0 + 2 && (tok_is(t, n0 - 1, "->") || tok_is(t, n0 - 1, ".")) &&
	       t->v[n0 - 2].type == TOK_IDENT)
		n0 -= 2;
	return join(t, n0, eq);
}

/* The statement starting at i ends at the returned ';' index. */
static size_t stmt_end(const struct toks *t, size_t i, size_t end)
{
	for (; i < end; i++) {
		if (tok_is(t, i, "(") || tok_is(t, i, "[") || tok_is(t, i, "{"))
			i = tok_match(t, i);
		else if (tok_is(t, i, ";"))
			return i;
	}
	return end;
}

static bool is_unmap_stmt(const struct toks *t, size_t i, size_t end, size_t *arg0, size_t *arg1)
{
	if (!kmap_call_unmaps_slot(call_at(t, i)))
		return false;
	*arg0 = i + 2;
	*arg1 = tok_match(t, i + 1);
	return *arg1 < end && tok_is(t, *arg1 + 1, ";");
}

static void note_swap(struct walk *w, size_t a0, size_t a1, size_t b0, size_t b1)
{
	const struct toks *t = w->t;

	if (w->nr_swaps >= 16) {
		w->bad = true;
		return;
	}
	w->swaps[w->nr_swaps++] = (struct swap){ t->v[a0].start, t->v[a1].start + 1,
		t->v[b0].start, t->v[b1].start + 1 };
}

/* An unmap out of order: fixable if the next statement unmaps the top. */
static size_t unmap_disorder(struct walk *w, struct stack *st, int k, size_t s0, size_t s1,
			     size_t end)
{
	size_t n0 = s1 + 1, a0, a1;
	int top;

	if (k == st->nr - 2 && is_unmap_stmt(w->t, n0, end, &a0, &a1)) {
		top = unmap_target(w->t, a0, a1, st);
		if (top == st->nr - 1) {
			note_swap(w, s0, s1, n0, a1 + 1);
			st->nr -= 2;
			return a1 + 1;
		}
	}
	w->bad = true;
	return s1;
}

/* Map and unmap events of one expression statement [s0, s1]. */
static size_t expr_stmt(struct walk *w, struct stack *st, size_t s0, size_t s1, size_t end)
{
	const struct toks *t = w->t;

	note_alias(w, st, s0, s1);
	for (size_t i = s0; i < s1; i++) {
		size_t a0, a1;
		int k;

		if (kmap_call_maps_slot(call_at(t, i))) {
			push_map(w, st, assigned_name(t, s0, i));
		} else if (kmap_call_unmaps_slot(call_at(t, i))) {
			a0 = i + 2;
			a1 = tok_match(t, i + 1);
			k = unmap_target(t, a0, a1, st);
			if (k < 0) {
				if (st->nr)
					w->bad = true;
			} else if (k == st->nr - 1) {
				if (st->guard[k])	/* mapped on some paths only */
					w->bad = w->paths = true;
				st->nr--;
			} else {
				return unmap_disorder(w, st, k, s0, s1, end);
			}
		}
	}
	return s1;
}

static size_t stmt(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end);

static size_t block(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end)
{
	while (i < end && !w->bad)
		i = stmt(w, st, dead, i, end) + 1;
	return end;
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

/* Both arms ran on; they may differ by one entry that cond explains. */
static bool merge_guarded(struct stack *st, struct stack *a, struct stack *b, const char *cond)
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
	return false;
}

static void merge(struct walk *w, struct stack *st, bool *dead, struct stack *a, bool da,
		  struct stack *b, bool db, const char *cond)
{
	if (da && db) {
		*dead = true;
		stack_copy(st, a);
	} else if (da) {
		stack_copy(st, b);
	} else if (db) {
		stack_copy(st, a);
	} else if (stack_equal(a, b)) {
		stack_copy(st, a);
	} else if (!merge_guarded(st, a, b, cond)) {
		w->bad = w->paths = true;
		stack_copy(st, a);
	}
}

static size_t if_stmt(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end)
{
	struct stack a, b;
	bool da = false, db = false;
	size_t close = tok_match(w->t, i + 1), j;
	const char *cond = own(w, join(w->t, i + 2, close < w->t->nr ? close : w->t->nr));

	stack_copy(&a, st);
	stack_copy(&b, st);
	if (guard_released_by(&a, cond))
		a.guard[a.nr - 1] = NULL;	/* mapped for sure in this arm */
	j = stmt(w, &a, &da, close + 1, end);
	if (tok_is(w->t, j + 1, "else"))
		j = stmt(w, &b, &db, j + 2, end);
	merge(w, st, dead, &a, da, &b, db, cond);
	return j;
}

static size_t loop_stmt(struct walk *w, struct stack *st, size_t body, size_t end)
{
	struct stack in;
	bool dead = false;
	size_t j;

	stack_copy(&in, st);
	j = stmt(w, &in, &dead, body, end);
	if (in.nr > st->nr) {		/* maps an array: one entry, any length */
		st->name[st->nr] = in.name[st->nr];
		st->alias[st->nr] = NULL;
		st->guard[st->nr] = NULL;
		st->loop[st->nr++] = true;
	} else if (in.nr < st->nr && st->loop[st->nr - 1]) {
		st->nr--;		/* a loop unmapping that array */
	} else if (!stack_equal(&in, st)) {
		w->bad = true;
	}
	return j;
}

static struct label_state *label(struct walk *w, const char *name)
{
	for (int i = 0; i < w->nr_labels; i++)
		if (!strcmp(w->labels[i].name, name))
			return &w->labels[i];
	if (w->nr_labels >= 32)
		return NULL;
	w->labels[w->nr_labels].name = xstrdup(name);
	w->labels[w->nr_labels].st.nr = -1;
	return &w->labels[w->nr_labels++];
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

static void at_label(struct walk *w, struct stack *st, bool *dead, const char *name, bool jump)
{
	struct label_state *l = label(w, name);

	if (!l) {
		w->bad = true;
	} else if (l->st.nr < 0) {
		stack_copy(&l->st, st);
	} else if ((jump || !*dead) && !stack_equal(&l->st, st)) {
		if (l->passed || !merge_maybe(&l->st, st))
			w->bad = w->paths = true;
	}
	if (!jump) {
		if (l) {
			stack_copy(st, &l->st);
			l->passed = true;
		}
		*dead = false;
	}
}

static size_t keyword_stmt(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end)
{
	const struct toks *t = w->t;

	if (tok_is(t, i, "if"))
		return if_stmt(w, st, dead, i, end);
	if (tok_is(t, i, "for") || tok_is(t, i, "while") || tok_is(t, i, "switch"))
		return loop_stmt(w, st, tok_match(t, i + 1) + 1, end);
	if (tok_is(t, i, "do")) {
		size_t j = loop_stmt(w, st, i + 1, end);

		return stmt_end(t, j + 1, end);
	}
	if (tok_is(t, i, "goto")) {
		char *name = join(t, i + 1, i + 2 < t->nr ? i + 2 : t->nr);

		at_label(w, st, dead, name, true);
		free(name);
		*dead = true;
		return stmt_end(t, i, end);
	}
	*dead = true;	/* return, break, continue */
	return expr_stmt(w, st, i, stmt_end(t, i, end), end);
}

static size_t one_stmt(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end)
{
	const struct toks *t = w->t;
	static const char *const keywords[] = { "if", "for", "while", "switch", "do", "goto",
		"return", "break", "continue", NULL };

	if (i >= end)
		return end;
	if (tok_is(t, i, "{")) {
		size_t close = tok_match(t, i);

		block(w, st, dead, i + 1, close);
		return close;
	}
	if (tok_in(t, i, keywords))
		return keyword_stmt(w, st, dead, i, end);
	if (t->v[i].type == TOK_IDENT && tok_is(t, i + 1, ":") && !tok_is(t, i, "default")) {
		char *name = join(t, i, i + 1);

		at_label(w, st, dead, name, false);
		free(name);
		return i + 1;
	}
	if (tok_is(t, i, "case") || tok_is(t, i, "default")) {
		while (i < end && !tok_is(t, i, ":"))
			i++;
		*dead = false;
		return i;
	}
	return expr_stmt(w, st, i, stmt_end(t, i, end), end);
}

/* The walk recurses once per nesting level; hostile text nests without end. */
static size_t stmt(struct walk *w, struct stack *st, bool *dead, size_t i, size_t end)
{
	size_t j;

	if (w->deep || w->depth >= MAX_DEPTH) {
		w->bad = w->deep = true;
		return end;
	}
	w->depth++;
	j = one_stmt(w, st, dead, i, end);
	w->depth--;
	return j;
}

static void walk_release(struct walk *w)
{
	for (int i = 0; i < w->nr_labels; i++)
		free(w->labels[i].name);
	for (size_t i = 0; i < w->nr_owned; i++)
		free(w->owned[i]);
	free(w->owned);
}

/* Apply the swaps to the text (they do not overlap). */
static void apply_swaps(struct buf *text, const struct walk *w)
{
	struct buf out = BUF_INIT;
	size_t pos = 0;

	for (int i = 0; i < w->nr_swaps; i++) {
		const struct swap *s = &w->swaps[i];

		buf_add(&out, text->ptr + pos, s->a0 - pos);
		buf_add(&out, text->ptr + s->b0, s->b1 - s->b0);
		buf_add(&out, text->ptr + s->a1, s->b0 - s->a1);
		buf_add(&out, text->ptr + s->a0, s->a1 - s->a0);
		pos = s->b1;
	}
	buf_add(&out, text->ptr + pos, text->len - pos);
	buf_release(text);
	*text = out;
}

#define EV_ORDER "after the conversion this function would not unmap in strict reverse " \
	"order of mapping on every path, and no swap of two adjacent unmaps fixes it"
#define EV_PATHS "the maps and unmaps of this function do not pair up the same way on " \
	"every path (a conditional map or unmap), so their order cannot be proven LIFO"
#define EV_NESTING "more than 15 local mappings would be live at once on a path of this function"
#define EV_DEEP "the statements of this function nest too deep to check that its maps and " \
	"unmaps pair up in strict reverse order"

static void flag_sites(struct file_result *f, const struct toks *t, const struct cfunc *fn,
		       const struct walk *w)
{
	bool nesting = w->nesting && !w->bad;
	unsigned first = t->v[fn->head].line;
	unsigned last = fn->close < t->nr ? t->v[fn->close].line : (unsigned)-1;

	for (size_t i = 0; i < f->nr_sites; i++) {
		struct site *s = &f->sites[i];

		if (s->line < first || s->line > last || !verdict_converts(s->verdict))
			continue;
		free(s->verdict);
		free(s->evidence);
		s->verdict = xstrdup(nesting ? "flag:nesting>15" : "flag:unmap-order");
		s->evidence = xstrdup(nesting ? EV_NESTING : w->deep ? EV_DEEP :
				      w->paths ? EV_PATHS : EV_ORDER);
	}
}

#define EV_SWAP_ATOMIC "; two kunmap_atomic() calls were already out of reverse order of " \
	"mapping, which the kmap debug checks warn about: they are swapped into LIFO order"
#define EV_SWAP_KMAP "; kunmap() could come in any order, kunmap_local() must come in " \
	"reverse order of mapping: two adjacent unmaps are swapped"

static bool calls_in(const struct toks *t, const struct cfunc *fn, const char *name)
{
	for (size_t i = fn->open; i < fn->close && i < t->nr; i++)
		if (tok_is(t, i, name) && tok_is(t, i + 1, "("))
			return true;
	return false;
}

/* Say so on the function's converted sites when its unmaps were swapped. */
static void note_swaps(struct file_result *f, const struct toks *orig, const struct cfunc *of)
{
	unsigned first = orig->v[of->head].line;
	unsigned last = of->close < orig->nr ? orig->v[of->close].line : (unsigned)-1;
	const char *why = calls_in(orig, of, "kunmap_atomic") ? EV_SWAP_ATOMIC : EV_SWAP_KMAP;

	for (size_t i = 0; i < f->nr_sites; i++) {
		struct site *s = &f->sites[i];
		struct buf ev = BUF_INIT;

		if (s->line < first || s->line > last || !verdict_converts(s->verdict))
			continue;
		buf_printf(&ev, "%s%s", s->evidence, why);
		free(s->evidence);
		s->evidence = buf_detach(&ev, NULL);
	}
}

/* Replace [a, b) of text with repl. */
static void splice(struct buf *text, size_t a, size_t b, const char *repl, size_t n)
{
	struct buf out = BUF_INIT;

	buf_add(&out, text->ptr, a);
	buf_add(&out, repl, n);
	buf_add(&out, text->ptr + b, text->len - b);
	buf_release(text);
	*text = out;
}

/* Returns true when the function had to be reverted. */
static bool check_function(struct file_result *f, const struct toks *conv,
			   const struct cfunc *cf, const struct toks *orig,
			   const struct cfunc *of)
{
	struct walk w = { 0 };
	struct stack st = { 0 };
	bool dead = false;
	size_t a, b, oa, ob;

	w.t = conv;
	block(&w, &st, &dead, cf->open + 1, cf->close);
	walk_release(&w);
	if (w.bad || w.nesting) {
		cfunc_range(conv, cf, &a, &b);
		cfunc_range(orig, of, &oa, &ob);
		splice(&f->converted, a, b, orig->text + oa, ob - oa);
		flag_sites(f, orig, of, &w);
		return true;
	}
	if (w.nr_swaps) {
		apply_swaps(&f->converted, &w);
		note_swaps(f, orig, of);
	}
	return false;
}

void conv_scan_init(struct conv_scan *c, const struct buf *converted)
{
	*c = (struct conv_scan){ 0 };
	c->text = xstrndup(converted->ptr, converted->len);
	toks_scan(&c->t, c->text, converted->len);
	cfuncs_find(&c->fns, &c->t);
}

void conv_scan_release(struct conv_scan *c)
{
	cfuncs_release(&c->fns);
	toks_release(&c->t);
	free(c->text);
	*c = (struct conv_scan){ 0 };
}

void lifo_check_scanned(struct file_result *f, const struct toks *orig,
			const struct cfuncs *ofn, const struct conv_scan *given)
{
	struct conv_scan mine = { 0 };
	const struct conv_scan *cs = given;

	if (!f->changed)
		return;
	/* Functions are fixed last to first, so earlier offsets stay valid. */
	if (!cs) {
		conv_scan_init(&mine, &f->converted);
		cs = &mine;
	}
	for (size_t i = cs->fns.nr; i-- > 0; ) {
		const struct cfunc *of = cfuncs_by_name(ofn, cs->fns.v[i].name);

		if (of && !cfunc_same_text(orig, of, &cs->t, &cs->fns.v[i]))
			check_function(f, &cs->t, &cs->fns.v[i], orig, of);
	}
	f->changed = f->converted.len != orig->len ||
		     memcmp(f->converted.ptr, orig->text, orig->len);
	if (!f->changed)
		buf_release(&f->converted);
	conv_scan_release(&mine);
}

void lifo_check(struct file_result *f, const char *orig_text, size_t len)
{
	struct toks orig = { 0 };
	struct cfuncs ofn = { 0 };

	if (!f->changed)
		return;
	toks_scan(&orig, orig_text, len);
	cfuncs_find(&ofn, &orig);
	lifo_check_scanned(f, &orig, &ofn, NULL);
	cfuncs_release(&ofn);
	toks_release(&orig);
}
