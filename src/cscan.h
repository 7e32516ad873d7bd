#ifndef KMAP_CSCAN_H
#define KMAP_CSCAN_H
/*
 * A small C tokenizer for the post-checks: identifiers, numbers, strings
 * and punctuation with their offsets and lines; comments are skipped and
 * tokens of preprocessor directives are marked.  Enough to find call
 * sites, function bodies and statements in kernel-style code; it is not a
 * C parser and claims nothing about code spatch could not parse.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum tok_type { TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_PUNCT };

struct tok {
	enum tok_type type;
	size_t start, len;
	unsigned line;		/* 1-based */
	bool directive;		/* part of a #... line */
};

struct toks {
	const char *text;	/* not NUL-terminated: it may hold NUL bytes */
	size_t len;
	struct tok *v;
	size_t nr, alloc;
};

struct cfunc {
	char *name;
	size_t head;		/* token index of the name */
	size_t open, close;	/* token indices of the body's braces */
	size_t from;		/* byte offset its text cannot start before */
};

struct cfuncs {
	struct cfunc *v;
	size_t nr, alloc;
};

void toks_scan(struct toks *out, const char *text, size_t len);
void toks_release(struct toks *t);
/* Is token i spelt `s`?  Inline: it is asked of nearly every token. */
static inline bool tok_is(const struct toks *t, size_t i, const char *s)
{
	size_t n = strlen(s);

	return i < t->nr && t->v[i].len == n && !memcmp(t->text + t->v[i].start, s, n);
}
/* Index of the bracket matching the one at i, or t->nr (also when i >= t->nr). */
size_t tok_match(const struct toks *t, size_t i);

/* The top-level functions, in order; their texts never overlap. */
void cfuncs_find(struct cfuncs *out, const struct toks *t);
/* The function whose body holds `line`, or NULL. */
const struct cfunc *cfuncs_at_line(const struct cfuncs *f, const struct toks *t, unsigned line);
/*
 * The function of `orig` that conv->v[i] is a changed copy of: the one of
 * the same name and the same rank among the definitions of that name
 * (#ifdef branches define one name twice), or NULL.
 */
const struct cfunc *cfuncs_match(const struct cfuncs *orig, const struct cfuncs *conv, size_t i);
void cfuncs_release(struct cfuncs *f);
/*
 * The bytes of a function, from the start of the line its declaration
 * starts on ("static struct page *" may stand on the line before its name;
 * or from the end of the top-level block before it on that line) to its
 * '}'.
 */
void cfunc_range(const struct toks *t, const struct cfunc *fn, size_t *a, size_t *b);
/* The token that starts fn's declaration ("static struct page *"). */
size_t cfunc_decl_start(const struct toks *t, const struct cfunc *fn);
/* Do two functions (of two texts) read the same, byte for byte? */
bool cfunc_same_text(const struct toks *t1, const struct cfunc *f1, const struct toks *t2,
		     const struct cfunc *f2);

#endif
