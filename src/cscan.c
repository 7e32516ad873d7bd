#include "cscan.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static const bool ident_chars[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true, ['_'] = true,
};

static inline bool ident_char(char c)
{
	return ident_chars[(unsigned char)c];
}

static inline void push(struct toks *t, enum tok_type type, size_t start, size_t len,
			unsigned line, bool directive)
{
	ALLOC_GROW(t->v, t->nr + 1, t->alloc);
	t->v[t->nr++] = (struct tok){ type, start, len, line, directive };
}

/* Skip a comment at p, counting newlines; returns the new offset. */
static size_t skip_comment(const char *s, size_t p, size_t len, unsigned *line)
{
	if (s[p + 1] == '/') {
		while (p < len && s[p] != '\n')
			p++;
		return p;
	}
	for (p += 2; p + 1 < len && !(s[p] == '*' && s[p + 1] == '/'); p++)
		if (s[p] == '\n')
			(*line)++;
	return p + 2 < len ? p + 2 : len;
}

/* A string or character literal; a backslash-newline inside it is a line. */
static size_t skip_quoted(const char *s, size_t p, size_t len, unsigned *line)
{
	char q = s[p++];

	while (p < len && s[p] != q && s[p] != '\n') {
		if (s[p] == '\\' && p + 1 < len && s[p + 1] == '\n')
			(*line)++;
		p += s[p] == '\\' ? 2 : 1;
	}
	return p < len ? p + 1 : len;
}

/* "->", "++", "--", "&&", "||", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "|=",
 * "&=", "<<", ">>", "##" are one token each. */
static size_t punct_len(const char *s, size_t p, size_t len)
{
	char a, b;

	if (p + 1 >= len)
		return 1;
	a = s[p];
	b = s[p + 1];
	switch (a) {
	case '-':
		return b == '>' || b == '-' || b == '=' ? 2 : 1;
	case '+':
	case '&':
	case '|':
	case '<':
	case '>':
		return b == a || b == '=' ? 2 : 1;
	case '=':
	case '!':
	case '*':
	case '/':
		return b == '=' ? 2 : 1;
	case '#':
		return b == '#' ? 2 : 1;
	default:
		return 1;
	}
}

void toks_scan(struct toks *t, const char *s, size_t len)
{
	unsigned line = 1;
	bool directive = false, line_start = true;
	size_t p = 0;

	t->text = s;
	t->len = len;
	ALLOC_GROW(t->v, len / 4 + 16, t->alloc);	/* about what C text holds */
	while (p < len) {
		char c = s[p];
		size_t q = p;

		if (c == '\n') {
			if (!(p > 0 && s[p - 1] == '\\'))
				directive = false;
			line++;
			line_start = true;
			p++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\\') {
			p++;
			continue;
		}
		if (c == '/' && p + 1 < len && (s[p + 1] == '/' || s[p + 1] == '*')) {
			p = skip_comment(s, p, len, &line);
			continue;
		}
		if (c == '#' && line_start)
			directive = true;
		line_start = false;
		if (ident_char(c)) {
			while (q < len && ident_char(s[q]))
				q++;
			push(t, c >= '0' && c <= '9' ? TOK_NUMBER : TOK_IDENT, p, q - p, line, directive);
		} else if (c == '"' || c == '\'') {
			unsigned first = line;

			q = skip_quoted(s, p, len, &line);
			push(t, TOK_STRING, p, q - p, first, directive);
		} else {
			q = p + punct_len(s, p, len);
			push(t, TOK_PUNCT, p, q - p, line, directive);
		}
		p = q;
	}
}

void toks_release(struct toks *t)
{
	free(t->v);
	t->v = NULL;
	t->nr = t->alloc = 0;
}

size_t tok_match(const struct toks *t, size_t i)
{
	const char *open = "({[", *close = ")}]";
	const char *k;
	int depth = 0;
	char o;

	if (i >= t->nr || t->v[i].type != TOK_PUNCT || t->v[i].len != 1)
		return t->nr;
	o = t->text[t->v[i].start];
	if (!(k = strchr(open, o)) || !o)
		return t->nr;
	for (; i < t->nr; i++) {
		if (t->v[i].type != TOK_PUNCT || t->v[i].len != 1)
			continue;
		if (t->text[t->v[i].start] == o)
			depth++;
		else if (t->text[t->v[i].start] == close[k - open] && --depth == 0)
			return i;
	}
	return t->nr;
}

/* A top-level "name(...) {" is a function body; attributes may follow ')'. */
static bool function_at(const struct toks *t, size_t open, size_t *name)
{
	size_t i = open, depth = 0;

	while (i > 0) {
		i--;
		if (tok_is(t, i, ")")) {
			for (depth = 1; i > 0 && depth; ) {
				i--;
				depth += tok_is(t, i, ")") - tok_is(t, i, "(");
			}
			if (i > 0 && t->v[i - 1].type == TOK_IDENT && !tok_is(t, i - 1, "if") &&
			    !tok_is(t, i - 1, "while") && !tok_is(t, i - 1, "for") &&
			    !tok_is(t, i - 1, "switch")) {
				*name = i - 1;
				if (i >= 2 && tok_is(t, i - 2, ")"))
					continue;	/* an attribute macro; look further */
				return true;
			}
			return false;
		}
		if (t->v[i].type != TOK_IDENT)
			return false;
	}
	return false;
}

void cfuncs_find(struct cfuncs *out, const struct toks *t)
{
	size_t after = 0, from = 0;	/* past the last top-level block */

	for (size_t i = 0; i < t->nr; i++) {
		size_t name, close;

		if (t->v[i].directive || !tok_is(t, i, "{"))
			continue;
		close = tok_match(t, i);
		/* not one whose name is inside the block before ("f(g(){}){") */
		if (function_at(t, i, &name) && name >= after) {
			struct cfunc *f;

			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			f = &out->v[out->nr++];
			f->name = xstrndup(t->text + t->v[name].start, t->v[name].len);
			f->head = name;
			f->open = i;
			f->close = close;
			f->from = from;
		}
		i = close < t->nr ? close : t->nr;
		after = i + 1;
		from = close < t->nr ? t->v[close].start + 1 : t->len;
	}
}

const struct cfunc *cfuncs_at_line(const struct cfuncs *f, const struct toks *t, unsigned line)
{
	for (size_t i = 0; i < f->nr; i++) {
		unsigned first = t->v[f->v[i].head].line;
		unsigned last = f->v[i].close < t->nr ? t->v[f->v[i].close].line : (unsigned)-1;

		if (line >= first && line <= last)
			return &f->v[i];
	}
	return NULL;
}

const struct cfunc *cfuncs_match(const struct cfuncs *orig, const struct cfuncs *conv, size_t i)
{
	const char *name = conv->v[i].name;
	size_t nth = 0;

	for (size_t k = 0; k < i; k++)
		nth += !strcmp(conv->v[k].name, name);
	for (size_t k = 0; k < orig->nr; k++)
		if (!strcmp(orig->v[k].name, name) && !nth--)
			return &orig->v[k];
	return NULL;
}

void cfuncs_release(struct cfuncs *f)
{
	for (size_t i = 0; i < f->nr; i++)
		free(f->v[i].name);
	free(f->v);
	f->v = NULL;
	f->nr = f->alloc = 0;
}

/* The first token of fn's declaration: back over "static struct page *". */
size_t cfunc_decl_start(const struct toks *t, const struct cfunc *fn)
{
	size_t i = fn->head;

	while (i > 0 && t->v[i - 1].start >= fn->from && !t->v[i - 1].directive &&
	       (t->v[i - 1].type == TOK_IDENT || tok_is(t, i - 1, "*")))
		i--;
	return i;
}

void cfunc_range(const struct toks *t, const struct cfunc *fn, size_t *a, size_t *b)
{
	size_t s = t->v[cfunc_decl_start(t, fn)].start;

	while (s > fn->from && t->text[s - 1] != '\n')
		s--;
	*a = s;
	*b = fn->close < t->nr ? t->v[fn->close].start + 1 : t->len;
}

bool cfunc_same_text(const struct toks *t1, const struct cfunc *f1, const struct toks *t2,
		     const struct cfunc *f2)
{
	size_t a1, b1, a2, b2;

	cfunc_range(t1, f1, &a1, &b1);
	cfunc_range(t2, f2, &a2, &b2);
	return b1 - a1 == b2 - a2 && !memcmp(t1->text + a1, t2->text + a2, b1 - a1);
}
