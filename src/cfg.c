#include "cfg.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

struct label {
	size_t start, len;	/* its name in the text */
	int node;
};

struct builder {
	struct cfg *g;
	const struct toks *t;
	int cur;		/* the node the next statement follows; -1: unreachable */
	unsigned flags;		/* flags of the next edge out of cur */
	int brk, cont;		/* where break and continue go; -1: nowhere */
	int sw;			/* the enclosing switch's condition; -1: none */
	bool saw_default;
	int depth;
	struct label *labels;
	size_t nr_labels, alloc_labels;
};

static int add_node(struct builder *b, enum cfg_kind kind, size_t s0, size_t s1, size_t tok)
{
	struct cfg *g = b->g;

	ALLOC_GROW(g->v, g->nr + 1, g->alloc);
	g->v[g->nr] = (struct cfg_node){ kind, s0, s1, tok < b->t->nr ? b->t->v[tok].line : 0, tok,
		-1, 0, 0, 0, 0 };
	return (int)g->nr++;
}

static void add_edge(struct builder *b, int from, int to, unsigned flags, size_t tok)
{
	struct cfg *g = b->g;

	if (from < 0 || to < 0)
		return;
	ALLOC_GROW(g->e, g->nr_e + 1, g->alloc_e);
	g->e[g->nr_e++] = (struct cfg_edge){ from, to, flags, tok };
	g->v[to].nr_in++;	/* counted here, indexed by index_edges() */
	g->v[from].nr_out++;
}

/* The path so far goes on to node n, which becomes the current one. */
static void go_to(struct builder *b, int n)
{
	add_edge(b, b->cur, n, b->flags, 0);
	b->flags = 0;
	b->cur = n;
}

/* The path so far ends in n (break, continue, an arm's end). */
static void end_in(struct builder *b, int n, unsigned flags)
{
	add_edge(b, b->cur, n, b->flags | flags, 0);
	b->flags = 0;
	b->cur = -1;
}

static bool has_in(const struct builder *b, int n)
{
	return b->g->v[n].nr_in > 0;
}

/* After a meeting point: it is current if a path reaches it. */
static void resume_at(struct builder *b, int n)
{
	b->flags = 0;
	b->cur = has_in(b, n) ? n : -1;
}

static int label_node(struct builder *b, size_t tok)
{
	const struct tok *k = &b->t->v[tok];

	for (size_t i = 0; i < b->nr_labels; i++)
		if (b->labels[i].len == k->len &&
		    !memcmp(b->t->text + b->labels[i].start, b->t->text + k->start, k->len))
			return b->labels[i].node;
	ALLOC_GROW(b->labels, b->nr_labels + 1, b->alloc_labels);
	b->labels[b->nr_labels] = (struct label){ k->start, k->len,
		add_node(b, CFG_LABEL, tok, tok, tok) };
	return b->labels[b->nr_labels++].node;
}

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

/* Is the condition [a, b) a constant that always holds (or never does)? */
static bool cond_is(const struct toks *t, size_t a, size_t b, bool value)
{
	if (a == b)
		return value;	/* for (;;) */
	if (b != a + 1)
		return false;
	if (value)
		return tok_is(t, a, "1") || tok_is(t, a, "true");
	return tok_is(t, a, "0") || tok_is(t, a, "false");
}

static size_t stmt(struct builder *b, size_t i, size_t end);

static size_t block(struct builder *b, size_t i, size_t end)
{
	while (i < end && !b->g->deep)
		i = stmt(b, i, end) + 1;
	return end;
}

static size_t if_stmt(struct builder *b, size_t i, size_t end)
{
	size_t close = tok_match(b->t, i + 1), j;
	int cond = add_node(b, CFG_COND, i + 2, close, i);
	int join = add_node(b, CFG_JOIN, i + 2, close, i);

	go_to(b, cond);
	b->flags = CFG_TRUE;
	j = stmt(b, close + 1, end);
	end_in(b, join, CFG_THEN);
	b->cur = cond;
	b->flags = CFG_FALSE;
	if (tok_is(b->t, j + 1, "else"))
		j = stmt(b, j + 2, end);
	end_in(b, join, CFG_ELSE);
	b->g->v[join].at = j;
	resume_at(b, join);
	return j;
}

/* The body of a loop whose head is `head`: break to `after`, continue to `cont`. */
static size_t loop_body(struct builder *b, size_t body, size_t end, int after, int cont)
{
	int brk = b->brk, cnt = b->cont;
	size_t j;

	b->brk = after;
	b->cont = cont;
	j = stmt(b, body, end);
	b->brk = brk;
	b->cont = cnt;
	return j;
}

/* while (c) S, for (i; c; s) S, and a statement macro "for_each_x(...) S". */
static size_t while_stmt(struct builder *b, size_t i, size_t c0, size_t c1, size_t body,
			 size_t end)
{
	int head = add_node(b, CFG_LOOP, i, i, i);
	int cond = add_node(b, CFG_COND, c0, c1, i);
	int after = add_node(b, CFG_MEET, i, i, i);
	size_t j;

	b->g->v[cond].loop = head;
	go_to(b, head);
	go_to(b, cond);
	if (!cond_is(b->t, c0, c1, true))
		add_edge(b, cond, after, CFG_FALSE | CFG_LEAVE, 0);
	b->flags = CFG_TRUE;
	j = loop_body(b, body, end, after, head);
	end_in(b, head, CFG_BACK);
	b->g->v[after].at = j;
	resume_at(b, after);
	return j;
}

static size_t for_stmt(struct builder *b, size_t i, size_t end)
{
	size_t close = tok_match(b->t, i + 1), s1, s2;

	s1 = stmt_end(b->t, i + 2, close);
	s2 = s1 < close ? stmt_end(b->t, s1 + 1, close) : close;
	if (s2 >= close)	/* not "init; cond; step": a macro's arguments */
		return while_stmt(b, i, i + 2, close, close + 1, end);
	return while_stmt(b, i, s1 + 1, s2, close + 1, end);
}

static size_t do_stmt(struct builder *b, size_t i, size_t end)
{
	int head = add_node(b, CFG_LOOP, i, i, i);
	int after = add_node(b, CFG_MEET, i, i, i);
	int cond = add_node(b, CFG_COND, i, i, i);
	size_t j, c0, c1;

	b->g->v[cond].loop = head;
	go_to(b, head);
	j = loop_body(b, i + 1, end, after, cond);
	if (tok_is(b->t, j + 1, "while") && tok_is(b->t, j + 2, "(")) {
		c0 = j + 3;
		c1 = tok_match(b->t, j + 2);
		b->g->v[cond].s0 = c0;
		b->g->v[cond].s1 = c1;
		b->g->v[cond].line = b->t->v[j + 1].line;
		b->g->v[cond].at = j + 1;
	} else {
		c0 = c1 = j;	/* not C: keep both ways */
	}
	go_to(b, cond);
	if (!cond_is(b->t, c0, c1, false) || c0 == c1)
		add_edge(b, cond, head, CFG_TRUE | CFG_BACK, 0);
	if (!cond_is(b->t, c0, c1, true) || c0 == c1)
		add_edge(b, cond, after, CFG_FALSE | CFG_LEAVE, 0);
	b->cur = -1;
	b->g->v[after].at = j + 1;
	resume_at(b, after);
	return stmt_end(b->t, j + 1, end);
}

static size_t switch_stmt(struct builder *b, size_t i, size_t end)
{
	size_t close = tok_match(b->t, i + 1), j;
	int cond = add_node(b, CFG_COND, i + 2, close, i);
	int after = add_node(b, CFG_MEET, i, i, i);
	int sw = b->sw, brk = b->brk;
	bool saw_default = b->saw_default;

	go_to(b, cond);
	b->cur = -1;
	b->sw = cond;
	b->brk = after;
	b->saw_default = false;
	j = stmt(b, close + 1, end);
	end_in(b, after, 0);
	if (!b->saw_default)
		add_edge(b, cond, after, 0, 0);
	b->sw = sw;
	b->brk = brk;
	b->saw_default = saw_default;
	b->g->v[after].at = j;
	resume_at(b, after);
	return j;
}

static size_t case_label(struct builder *b, size_t i, size_t end)
{
	int n = add_node(b, CFG_MEET, i, i, i);
	size_t j = i;

	if (tok_is(b->t, i, "default"))
		b->saw_default = true;
	while (j < end && !tok_is(b->t, j, ":"))
		j = tok_is(b->t, j, "(") ? tok_match(b->t, j) + 1 : j + 1;
	go_to(b, n);
	add_edge(b, b->sw, n, 0, 0);
	return j;
}

static size_t jump_stmt(struct builder *b, size_t i, size_t end)
{
	const struct toks *t = b->t;

	if (tok_is(t, i, "goto")) {
		if (i + 1 < end)
			add_edge(b, b->cur, label_node(b, i + 1), b->flags, i);
	} else if (tok_is(t, i, "break")) {
		add_edge(b, b->cur, b->brk, b->flags, 0);
	} else {
		add_edge(b, b->cur, b->cont, b->flags | CFG_BACK, 0);
	}
	b->flags = 0;
	b->cur = -1;
	return stmt_end(t, i, end);
}

static size_t keyword_stmt(struct builder *b, size_t i, size_t end)
{
	const struct toks *t = b->t;
	size_t j;

	if (tok_is(t, i, "if"))
		return if_stmt(b, i, end);
	if (tok_is(t, i, "for"))
		return for_stmt(b, i, end);
	if (tok_is(t, i, "while"))
		return while_stmt(b, i, i + 2, tok_match(t, i + 1), tok_match(t, i + 1) + 1, end);
	if (tok_is(t, i, "do"))
		return do_stmt(b, i, end);
	if (tok_is(t, i, "switch"))
		return switch_stmt(b, i, end);
	if (tok_is(t, i, "return")) {
		j = stmt_end(t, i, end);
		go_to(b, add_node(b, CFG_RETURN, i, j, i));
		b->cur = -1;	/* each return is an end of its own */
		return j;
	}
	return jump_stmt(b, i, end);	/* goto, break, continue */
}

/* "name:" — where its gotos lead, now that its place is known. */
static size_t label_stmt(struct builder *b, size_t i)
{
	int n = label_node(b, i);
	struct cfg_node *v = &b->g->v[n];

	v->s0 = v->s1 = v->at = i;
	v->line = b->t->v[i].line;
	go_to(b, n);
	return i + 1;
}

/* "name(args) {": a statement macro, taken for a loop (for_each_sg). */
static bool is_macro_loop(const struct toks *t, size_t i, size_t end)
{
	size_t close;

	if (t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return false;
	close = tok_match(t, i + 1);
	return close + 1 < end && tok_is(t, close + 1, "{");
}

static size_t one_stmt(struct builder *b, size_t i, size_t end)
{
	const struct toks *t = b->t;
	static const char *const keywords[] = { "if", "for", "while", "switch", "do", "goto",
		"return", "break", "continue", NULL };
	size_t j;

	if (i >= end)
		return end;
	if (tok_is(t, i, "{"))
		return block(b, i + 1, tok_match(t, i));
	for (const char *const *k = keywords; *k; k++)
		if (tok_is(t, i, *k))
			return keyword_stmt(b, i, end);
	if (tok_is(t, i, "case") || tok_is(t, i, "default"))
		return case_label(b, i, end);
	if (t->v[i].type == TOK_IDENT && tok_is(t, i + 1, ":"))
		return label_stmt(b, i);
	if (is_macro_loop(t, i, end))
		return while_stmt(b, i, i + 2, tok_match(t, i + 1), tok_match(t, i + 1) + 1, end);
	j = stmt_end(t, i, end);
	go_to(b, add_node(b, CFG_STMT, i, j, i));
	return j;
}

static size_t stmt(struct builder *b, size_t i, size_t end)
{
	size_t j;

	if (b->g->deep || b->depth >= CFG_MAX_DEPTH) {
		b->g->deep = true;
		return end;
	}
	b->depth++;
	j = one_stmt(b, i, end);
	b->depth--;
	return j;
}

/* A goto to a label at or before it goes back. */
static void mark_back_gotos(struct cfg *g)
{
	for (size_t i = 0; i < g->nr_e; i++) {
		struct cfg_edge *e = &g->e[i];

		if (e->tok && g->v[e->to].kind == CFG_LABEL && g->v[e->to].s0 <= e->tok)
			e->flags |= CFG_BACK;
	}
}

/* Fill in/out: each node's edges, in edge order (nr_in/nr_out are counted). */
static void index_edges(struct cfg *g)
{
	size_t in = 0, out = 0;

	g->in = xcalloc(g->nr_e + 1, sizeof(*g->in));
	g->out = xcalloc(g->nr_e + 1, sizeof(*g->out));
	for (size_t n = 0; n < g->nr; n++) {
		g->v[n].in0 = in;
		g->v[n].out0 = out;
		in += g->v[n].nr_in;
		out += g->v[n].nr_out;
		g->v[n].nr_in = g->v[n].nr_out = 0;
	}
	for (size_t i = 0; i < g->nr_e; i++) {
		struct cfg_node *to = &g->v[g->e[i].to], *from = &g->v[g->e[i].from];

		g->in[to->in0 + to->nr_in++] = i;
		g->out[from->out0 + from->nr_out++] = i;
	}
}

void cfg_build(struct cfg *out, const struct toks *t, size_t open, size_t close)
{
	struct builder b = { .g = out, .t = t, .cur = 0, .brk = -1, .cont = -1, .sw = -1 };

	*out = (struct cfg){ 0 };
	add_node(&b, CFG_ENTRY, open, open, open);
	add_node(&b, CFG_EXIT, close, close, close);
	b.cur = 0;
	block(&b, open + 1, close);
	end_in(&b, 1, 0);
	mark_back_gotos(out);
	index_edges(out);
	free(b.labels);
}

void cfg_release(struct cfg *g)
{
	free(g->v);
	free(g->e);
	free(g->in);
	free(g->out);
	*g = (struct cfg){ 0 };
}

const struct cfg_edge *cfg_in(const struct cfg *g, int n, size_t k)
{
	return &g->e[g->in[g->v[n].in0 + k]];
}

const struct cfg_edge *cfg_out(const struct cfg *g, int n, size_t k)
{
	return &g->e[g->out[g->v[n].out0 + k]];
}
