#include "lifo.h"
#include "buf.h"
#include "cscan.h"
#include "kmap_api.h"
#include "lifo_flow.h"
#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int swap_cmp(const void *a, const void *b)
{
	const struct lifo_swap *x = a, *y = b;

	return x->a0 < y->a0 ? -1 : x->a0 > y->a0;
}

static void apply_swaps(struct buf *text, struct lifo_flow *w)
{
	struct buf out = BUF_INIT;
	size_t pos = 0;

	qsort(w->swaps, w->nr_swaps, sizeof(*w->swaps), swap_cmp);
	for (int i = 0; i < w->nr_swaps; i++) {
		const struct lifo_swap *s = &w->swaps[i];

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
#define EV_LEAK "after the conversion a path of this function would leave it with a " \
	"local mapping still live: not every path from the map reaches exactly one unmap"
#define EV_NESTING "more than 15 local mappings would be live at once on a path of this function"
#define EV_DEEP "the statements of this function nest too deep to check that its maps and " \
	"unmaps pair up in strict reverse order"
#define EV_HELD "a mapping this function takes through the file's map helper is still " \
	"held when it returns, so its release cannot be proven here"
#define EV_GROUP "a function that calls this file's map or unmap helper %s() could not be " \
	"proven to release its mappings in strict reverse order, so the helpers and all their " \
	"callers keep their text"

static char *evidence(const struct lifo_flow *w)
{
	struct buf ev = BUF_INIT;

	if (w->nesting && !w->fail)
		return xstrdup(EV_NESTING);
	if (w->deep)
		return xstrdup(EV_DEEP);
	buf_puts(&ev, w->fail == LIFO_LEAK ? EV_LEAK : w->fail == LIFO_HELD ? EV_HELD :
		 w->fail == LIFO_PATHS ? EV_PATHS : EV_ORDER);
	if (w->detail)
		buf_printf(&ev, " (%s)", w->detail);
	return buf_detach(&ev, NULL);
}

/* The converted sites of the function `fn` of t become `verdict`. */
static void flag_range(struct file_result *f, const struct toks *t, const struct cfunc *fn,
		       const char *verdict, const char *evidence)
{
	unsigned first = t->v[fn->head].line;
	unsigned last = fn->close < t->nr ? t->v[fn->close].line : (unsigned)-1;

	for (size_t i = 0; i < f->nr_sites; i++) {
		struct site *s = &f->sites[i];

		if (s->line < first || s->line > last || !verdict_converts(s->verdict))
			continue;
		free(s->verdict);
		free(s->evidence);
		s->verdict = xstrdup(verdict);
		s->evidence = xstrdup(evidence);
	}
}

static void flag_sites(struct file_result *f, const struct toks *t, const struct cfunc *fn,
		       const struct lifo_flow *w)
{
	char *ev = evidence(w);

	flag_range(f, t, fn, w->nesting && !w->fail ? "flag:nesting>15" : "flag:unmap-order", ev);
	free(ev);
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
			   const struct cfunc *of, const struct lifo_wrappers *wr)
{
	struct lifo_flow flow;
	bool reverted = false;
	size_t a, b, oa, ob;

	lifo_flow_run(&flow, conv, cf, wr);
	if (flow.fail || flow.nesting || flow.deep) {
		cfunc_range(conv, cf, &a, &b);
		cfunc_range(orig, of, &oa, &ob);
		splice(&f->converted, a, b, orig->text + oa, ob - oa);
		flag_sites(f, orig, of, &flow);
		reverted = true;
	} else if (flow.nr_swaps) {
		apply_swaps(&f->converted, &flow);
		note_swaps(f, orig, of);
	}
	lifo_flow_release(&flow);
	return reverted;
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

static bool changed_function(const struct toks *orig, const struct cfunc *of,
			     const struct toks *t, const struct cfunc *cf)
{
	return of && !cfunc_same_text(orig, of, t, cf);
}

/*
 * The conversion's own wrappers: changed functions that return a local
 * mapping's address, or that only unmap an address they are given.
 */
static void learn_wrappers(struct lifo_wrappers *wr, const struct conv_scan *cs,
			   const struct toks *orig, const struct cfuncs *ofn)
{
	const struct toks *t = &cs->t;

	for (size_t fi = 0; fi < cs->fns.nr; fi++) {
		const struct cfunc *cf = &cs->fns.v[fi];
		bool returns_map = false, maps = false, unmaps = false;

		if (!changed_function(orig, cfuncs_match(ofn, &cs->fns, fi), t, cf))
			continue;
		for (size_t i = cf->open; i < cf->close && i < t->nr; i++) {
			const struct kmap_call *c = NULL;

			if (t->v[i].type == TOK_IDENT && tok_is(t, i + 1, "("))
				c = kmap_call_find(t->text + t->v[i].start, t->v[i].len);
			maps |= kmap_call_maps_slot(c);
			unmaps |= kmap_call_unmaps_slot(c);
			returns_map |= kmap_call_maps_slot(c) && i > 0 && tok_is(t, i - 1, "return");
		}
		if (returns_map && wr->nr_map < LIFO_MAX_WRAPPERS)
			wr->map[wr->nr_map++] = cf->name;
		else if (unmaps && !maps && wr->nr_unmap < LIFO_MAX_WRAPPERS)
			wr->unmap[wr->nr_unmap++] = cf->name;
	}
}

#define MAX_GROUP 32

/* Add the wrappers fn calls (or is) to names[0..*nr). */
static void note_wrapper_calls(const struct lifo_wrappers *wr, const struct toks *t,
			       const struct cfunc *fn, char **names, int *nr)
{
	for (int k = 0; k < wr->nr_map + wr->nr_unmap && *nr < MAX_GROUP; k++) {
		const char *name = k < wr->nr_map ? wr->map[k] : wr->unmap[k - wr->nr_map];
		bool known = false;

		for (int j = 0; j < *nr; j++)
			known |= !strcmp(names[j], name);
		if (!known && (calls_in(t, fn, name) || !strcmp(fn->name, name)))
			names[(*nr)++] = xstrdup(name);
	}
}

/* Is cf one of the group's names[0..nr) or a caller of one? */
static bool in_group(const struct toks *t, const struct cfunc *cf, char *const *names, int nr)
{
	for (int k = 0; k < nr; k++)
		if (!strcmp(cf->name, names[k]) || calls_in(t, cf, names[k]))
			return true;
	return false;
}

/* Put back the changed function cf, its sites saying it went with the group. */
static void revert_member(struct file_result *f, const struct conv_scan *cs,
			  const struct cfunc *cf, const struct toks *orig, const struct cfunc *of,
			  const char *helper)
{
	struct buf ev = BUF_INIT;
	size_t a, b, oa, ob;

	buf_printf(&ev, EV_GROUP, helper);
	cfunc_range(&cs->t, cf, &a, &b);
	cfunc_range(orig, of, &oa, &ob);
	splice(&f->converted, a, b, orig->text + oa, ob - oa);
	flag_range(f, orig, of, "flag:unmap-order", ev.ptr);
	buf_release(&ev);
}

/*
 * Wrappers and callers stand or fall together: when the walk put back a
 * caller of a wrapper, put back every changed function that is one of the
 * wrappers it called or calls one, and so on, until no more join.  A name
 * put back in one round is not put back in a later one: where the put-back
 * text does not read again as the original (a text cscan cannot follow),
 * it would otherwise be put back forever.
 */
static void revert_wrapper_groups(struct file_result *f, const struct toks *orig,
				  const struct cfuncs *ofn, const struct lifo_wrappers *wr,
				  char **names, int *nr)
{
	struct strvec done = STRVEC_INIT, now = STRVEC_INIT;
	struct conv_scan cs;

	for (bool more = *nr > 0; more; more = now.nr > 0) {
		strvec_clear(&now);
		conv_scan_init(&cs, &f->converted);
		for (size_t i = cs.fns.nr; i-- > 0; ) {
			const struct cfunc *cf = &cs.fns.v[i], *of = cfuncs_match(ofn, &cs.fns, i);

			if (!changed_function(orig, of, &cs.t, cf) ||
			    !in_group(&cs.t, cf, names, *nr) || strvec_find(&done, cf->name) >= 0)
				continue;
			note_wrapper_calls(wr, &cs.t, cf, names, nr);
			revert_member(f, &cs, cf, orig, of, names[0]);
			strvec_push(&now, cf->name);
		}
		conv_scan_release(&cs);
		for (size_t k = 0; k < now.nr; k++)
			strvec_push(&done, now.v[k]);
	}
	strvec_clear(&done);
	strvec_clear(&now);
}

void lifo_check_scanned(struct file_result *f, const struct toks *orig,
			const struct cfuncs *ofn, const struct conv_scan *given)
{
	struct conv_scan mine = { 0 };
	const struct conv_scan *cs = given;
	struct lifo_wrappers wr = { 0 };
	char *group[MAX_GROUP];
	int nr_group = 0;

	if (!f->changed)
		return;
	/* Functions are fixed last to first, so earlier offsets stay valid. */
	if (!cs) {
		conv_scan_init(&mine, &f->converted);
		cs = &mine;
	}
	learn_wrappers(&wr, cs, orig, ofn);
	for (size_t i = cs->fns.nr; i-- > 0; ) {
		const struct cfunc *cf = &cs->fns.v[i], *of = cfuncs_match(ofn, &cs->fns, i);

		if (changed_function(orig, of, &cs->t, cf) &&
		    check_function(f, &cs->t, cf, orig, of, &wr))
			note_wrapper_calls(&wr, &cs->t, cf, group, &nr_group);
	}
	revert_wrapper_groups(f, orig, ofn, &wr, group, &nr_group);
	for (int k = 0; k < nr_group; k++)
		free(group[k]);
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
