#include "verdicts.h"
#include "buf.h"
#include "cscan.h"
#include "kmap_api.h"
#include "lifo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define EV_MACRO "the call is inside a macro definition; convert the macro and its users by hand"
#define EV_UNPARSED "spatch could not parse the code around this call, so no rule could check it"
#define EV_TIMEOUT "spatch ran out of time on this file, so no rule could check it"
#define EV_NO_RULE "the call is outside any function body these rules look at"

/* The old map call named by token i, if it is one. */
static const struct kmap_call *old_map_at(const struct toks *t, size_t i)
{
	const struct kmap_call *c;

	if (t->v[i].type != TOK_IDENT || !tok_is(t, i + 1, "("))
		return NULL;
	c = kmap_call_find(t->text + t->v[i].start, t->v[i].len);
	return c && c->role == KMAP_OLD_MAP ? c : NULL;
}

/* A call, not a declaration: "void *kmap(struct page *)" has a type before it. */
static bool is_call(const struct toks *t, size_t i)
{
	if (!old_map_at(t, i))
		return false;
	if (i == 0)
		return true;
	if (tok_is(t, i - 1, "*") || tok_is(t, i - 1, "define"))
		return false;
	return t->v[i - 1].type != TOK_IDENT || tok_is(t, i - 1, "return");
}

static bool has_site(const struct file_result *f, unsigned line)
{
	for (size_t i = 0; i < f->nr_sites; i++)
		if (f->sites[i].line == line)
			return true;
	return false;
}

/* The name of the #define whose text holds token i. */
static char *macro_name(const struct toks *t, size_t i)
{
	while (i > 0 && t->v[i].directive && !tok_is(t, i, "#"))
		i--;
	if (tok_is(t, i, "#") && tok_is(t, i + 1, "define") && i + 2 < t->nr)
		return xstrndup(t->text + t->v[i + 2].start, t->v[i + 2].len);
	return xstrdup("(macro)");
}

static void add_missed(struct file_result *f, const struct toks *t, const struct cfuncs *fns,
		       size_t i)
{
	const struct cfunc *fn = cfuncs_at_line(fns, t, t->v[i].line);
	const char *name = fn ? fn->name : "(file scope)";
	struct buf ev = BUF_INIT;
	char *macro;

	if (t->v[i].directive) {
		macro = macro_name(t, i);
		file_result_add_site(f, t->v[i].line, macro, "flag:macro", EV_MACRO);
		free(macro);
	} else if (f->status == FILE_FAILED) {
		buf_printf(&ev, "%s, so no rule could check this call", f->reason);
		file_result_add_site(f, t->v[i].line, name, VERDICT_CATCH_ALL, ev.ptr);
	} else if (f->status == FILE_UNPARSED || f->status == FILE_TIMEOUT) {
		file_result_add_site(f, t->v[i].line, name, "flag:unparsed",
				     f->status == FILE_TIMEOUT ? EV_TIMEOUT : EV_UNPARSED);
	} else {
		file_result_add_site(f, t->v[i].line, name, VERDICT_CATCH_ALL, EV_NO_RULE);
	}
	buf_release(&ev);
}

static bool directive_line(const struct toks *t, unsigned line, size_t *at)
{
	for (size_t i = 0; i < t->nr; i++)
		if (t->v[i].line == line && t->v[i].directive) {
			*at = i;
			return true;
		}
	return false;
}

/* spatch may report a use of a macro at the macro's own line. */
static void mark_macro_sites(struct file_result *f, const struct toks *t)
{
	for (size_t i = 0; i < f->nr_sites; i++) {
		struct site *s = &f->sites[i];
		size_t at;

		if (!directive_line(t, s->line, &at))
			continue;
		free(s->verdict);
		free(s->evidence);
		free(s->function);
		s->verdict = xstrdup("flag:macro");
		s->evidence = xstrdup(EV_MACRO);
		s->function = macro_name(t, at);
	}
}

/* "(u8 *)addr" style: is [open, close] a cast, "(type *)" with no call before it? */
static bool is_cast(const char *text, size_t open, size_t close)
{
	size_t i = open;

	for (size_t k = open + 1; k < close; k++)
		if (!(text[k] == '_' || text[k] == '*' || text[k] == ' ' ||
		      (text[k] >= 'a' && text[k] <= 'z') || (text[k] >= 'A' && text[k] <= 'Z') ||
		      (text[k] >= '0' && text[k] <= '9')))
			return false;
	while (i > 0 && text[i - 1] == ' ')
		i--;
	return i == 0 || !(text[i - 1] == '_' || (text[i - 1] >= 'a' && text[i - 1] <= 'z') ||
			   (text[i - 1] >= 'A' && text[i - 1] <= 'Z') ||
			   (text[i - 1] >= '0' && text[i - 1] <= '9'));
}

/* spatch prints "(T) kmap_local_page(p)"; kernel style has no space after a cast. */
static void tidy_casts(struct file_result *f)
{
	static const char needle[] = ") kmap_local_";
	struct buf *b = &f->converted;
	char *p = b->ptr;

	while ((p = memmem(p, b->len - (size_t)(p - b->ptr), needle, sizeof(needle) - 1))) {
		size_t close = (size_t)(p - b->ptr), open = close;
		int depth = 0;

		while (open > 0) {
			depth += (b->ptr[open] == ')') - (b->ptr[open] == '(');
			if (!depth)
				break;
			open--;
		}
		if (!depth && b->ptr[open] == '(' && is_cast(b->ptr, open, close)) {
			memmove(p + 1, p + 2, b->len - close - 1);
			b->len--;
			b->ptr[b->len] = '\0';
		}
		p++;
	}
}

/* Occurrences of identifier `name` among tokens [a, b). */
static size_t count_ident(const struct toks *t, size_t a, size_t b, const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = a; i < b; i++)
		c += t->v[i].type == TOK_IDENT && t->v[i].len == n &&
		     !memcmp(t->text + t->v[i].start, s, n);
	return c;
}

/* The '}' closing the block that token i is in: a declaration's scope. */
static size_t block_end(const struct toks *t, size_t i, size_t end)
{
	int depth = 0;

	for (; i < end; i++) {
		if (tok_is(t, i, "{"))
			depth++;
		else if (tok_is(t, i, "}") && depth-- == 0)
			return i;
	}
	return end;
}

/* Is token i directly in a block of statements (not a struct or initialiser)? */
static bool in_code_block(const struct toks *t, size_t i)
{
	int depth = 0;

	while (i-- > 0) {
		if (tok_is(t, i, "}"))
			depth++;
		else if (tok_is(t, i, "{") && depth-- == 0)
			break;
	}
	if (i == (size_t)-1 || i == 0)
		return false;
	return tok_is(t, i - 1, ")") || tok_is(t, i - 1, "else") || tok_is(t, i - 1, "do") ||
	       tok_is(t, i - 1, "{") || tok_is(t, i - 1, ";") || tok_is(t, i - 1, "}") ||
	       tok_is(t, i - 1, ":");
}

/* "T *a, *b;": a declaration with no initialiser or call; ends at ';'. */
static bool plain_declaration(const struct toks *t, size_t i, size_t end, size_t *semi)
{
	size_t idents = 0;

	if (i == 0 || !(tok_is(t, i - 1, ";") || tok_is(t, i - 1, "{") || tok_is(t, i - 1, "}")))
		return false;
	if (tok_is(t, i, "return") || tok_is(t, i, "goto") || tok_is(t, i, "else") ||
	    tok_is(t, i, "do") || tok_is(t, i, "case") || tok_is(t, i, "extern") ||
	    tok_is(t, i, "typedef") || t->v[i].type != TOK_IDENT)
		return false;
	for (*semi = i; *semi < end && !tok_is(t, *semi, ";"); (*semi)++) {
		if (t->v[*semi].type == TOK_IDENT)
			idents++;
		else if (!tok_is(t, *semi, "*") && !tok_is(t, *semi, ","))
			return false;
	}
	return *semi < end && idents >= 2 && in_code_block(t, i);
}

/* The name a declarator declares: an identifier right before ',' or ';'. */
static bool is_declarator(const struct toks *t, size_t d)
{
	return t->v[d].type == TOK_IDENT && (tok_is(t, d + 1, ",") || tok_is(t, d + 1, ";"));
}

/* Remove declarator k (its ident at token d) of the declaration [i, semi]. */
static void drop_declarator(struct buf *text, const struct toks *t, size_t i, size_t d,
			    size_t semi, int declarators, size_t *cut_a, size_t *cut_b)
{
	size_t a = t->v[d].start, b = t->v[d].start + t->v[d].len;

	if (declarators == 1) {
		a = t->v[i].start;
		b = t->v[semi].start + 1;
		while (a > 0 && (text->ptr[a - 1] == '\t' || text->ptr[a - 1] == ' '))
			a--;
		if (b < text->len && text->ptr[b] == '\n')
			b++;
		if (b < text->len && text->ptr[b] == '\n' && a > 0 && text->ptr[a - 2] == '{')
			b++;
	} else {
		size_t k = d;

		while (k > i && tok_is(t, k - 1, "*"))
			k--;
		a = t->v[k].start;
		if (tok_is(t, d + 1, ",")) {
			b = t->v[d + 2].start;
		} else {
			a = t->v[k - 1].start;	/* the ',' before it */
		}
	}
	*cut_a = a;
	*cut_b = b;
}

/*
 * A variable the conversion left unused (used in the original function,
 * named only by its declaration now) loses its declaration: the helpers
 * take over the address variable, and -Wunused-variable breaks the build.
 */
static void drop_unused_declarations(struct file_result *f, const struct toks *ot,
				     const struct cfuncs *ofn, struct conv_scan *out)
{
	struct conv_scan cs;
	struct toks ct;
	struct cfuncs cfn;
	const char *ctext;
	size_t len = f->converted.len;

	conv_scan_init(&cs, &f->converted);
	ct = cs.t;
	cfn = cs.fns;
	ctext = cs.text;
	for (size_t fi = cfn.nr; fi-- > 0; ) {
		const struct cfunc *cf = &cfn.v[fi], *of = cfuncs_match(ofn, &cfn, fi);

		if (!of || cfunc_same_text(ot, of, &ct, cf))
			continue;	/* the conversion did not touch it */
		for (size_t i = cf->close; i-- > cf->open + 1; ) {
			size_t semi, d, cut_a, cut_b;
			int declarators = 0;

			if (!plain_declaration(&ct, i, cf->close, &semi))
				continue;
			for (d = i + 1; d < semi; d++)
				declarators += is_declarator(&ct, d);
			for (d = semi; d-- > i + 1; ) {
				const char *name = ctext + ct.v[d].start;
				size_t n = ct.v[d].len;

				if (!is_declarator(&ct, d) ||
				    count_ident(&ct, i, block_end(&ct, i, cf->close), name, n) != 1 ||
				    count_ident(ot, of->open, of->close, name, n) < 2)
					continue;
				drop_declarator(&f->converted, &ct, i, d, semi, declarators,
						&cut_a, &cut_b);
				memmove(f->converted.ptr + cut_a, f->converted.ptr + cut_b,
					f->converted.len - cut_b + 1);
				f->converted.len -= cut_b - cut_a;
				break;	/* one per declaration per pass is enough */
			}
		}
	}
	if (f->converted.len == len)	/* nothing dropped: the scan holds */
		*out = cs;
	else
		conv_scan_release(&cs);
}

static const char *const written_tokens[] = {
	"kmap_local_p", "kunmap_local(", "_page(", "pagefault_disable();",
	"pagefault_enable();", "preempt_disable();", "preempt_enable();",
};

static bool has_written_token(const char *line, size_t n)
{
	for (size_t i = 0; i < sizeof(written_tokens) / sizeof(written_tokens[0]); i++)
		if (memmem(line, n, written_tokens[i], strlen(written_tokens[i])))
			return true;
	return false;
}

static bool line_in(const char *orig, size_t len, const char *line, size_t n)
{
	for (const char *p = orig; (p = memmem(p, len - (size_t)(p - orig), line, n)); p++)
		if ((p == orig || p[-1] == '\n') && (p + n == orig + len || p[n] == '\n'))
			return true;
	return false;
}

/* Leading whitespace as checkpatch wants it: tabs, then fewer than 8 spaces. */
static void put_indent(struct buf *out, const char *line, size_t *skip)
{
	size_t col = 0, i = 0;

	for (; line[i] == ' ' || line[i] == '\t'; i++)
		col = line[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
	for (size_t t = 0; t < col / 8; t++)
		buf_putc(out, '\t');
	for (size_t sp = 0; sp < col % 8; sp++)
		buf_putc(out, ' ');
	*skip = i;
}

/*
 * A line the rules wrote keeps the indentation of the line it replaced;
 * in files indented with spaces that is a checkpatch error on every
 * patch, so the lines we wrote (and only those) are indented with tabs.
 */
static void tidy_indent(struct file_result *f, const char *orig, size_t len)
{
	struct buf out = BUF_INIT;
	const char *p = f->converted.ptr, *end = p + f->converted.len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p), skip = 0;
		size_t text = nl ? n - 1 : n;

		if (memmem(p, text, "        ", 8) && has_written_token(p, text) &&
		    !line_in(orig, len, p, text))
			put_indent(&out, p, &skip);
		buf_add(&out, p + skip, n - skip);
		p += n;
	}
	buf_reset(&f->converted);
	buf_add(&f->converted, out.ptr, out.len);
	buf_release(&out);
}

/* "void *addr = kmap_local_page(page);": a declaration the rules wrote. */
static bool is_local_map_declaration(const char *line, size_t n)
{
	const char *eq = memchr(line, '=', n);
	size_t words = 0;
	bool in_word = false;

	if (!eq || !memmem(eq, n - (size_t)(eq - line), "kmap_local_", 11) ||
	    n < 2 || memcmp(line + n - 2, ");", 2))
		return false;
	for (const char *c = line; c < eq; c++) {
		if (*c == '.' || *c == '[' || *c == '(' || (*c == '-' && c[1] == '>'))
			return false;
		if (*c == ' ' || *c == '\t' || *c == '*') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			words++;
		}
	}
	return words >= 2;
}

static bool is_added_disable(const char *line, size_t n)
{
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	return (n == 18 && !memcmp(line, "preempt_disable();", 18)) ||
	       (n == 20 && !memcmp(line, "pagefault_disable();", 20));
}

/*
 * A disable the rules put right after a declaration that maps needs a
 * blank line before it, as checkpatch wants after declarations.
 */
static void blank_after_declarations(struct file_result *f)
{
	struct buf out = BUF_INIT;
	const char *p = f->converted.ptr, *end = p + f->converted.len;
	const char *prev = NULL;
	size_t prev_n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		size_t text = nl ? n - 1 : n;

		if (prev && is_added_disable(p, text) && is_local_map_declaration(prev, prev_n))
			buf_putc(&out, '\n');
		buf_add(&out, p, n);
		prev = p;
		prev_n = text;
		p += n;
	}
	buf_reset(&f->converted);
	buf_add(&f->converted, out.ptr, out.len);
	buf_release(&out);
}

static unsigned column_of(const struct toks *t, size_t i)
{
	size_t s = t->v[i].start;

	while (s > 0 && t->text[s - 1] != '\n')
		s--;
	return (unsigned)(t->v[i].start - s);
}

/* Each site learns its map call: the one at its line and column, else its line's first. */
static void find_calls(struct file_result *f, const struct toks *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		const struct kmap_call *c = old_map_at(t, i);

		if (!c)
			continue;
		for (size_t k = 0; k < f->nr_sites; k++) {
			struct site *s = &f->sites[k];

			if (s->line == t->v[i].line && (!s->call || s->col == column_of(t, i)))
				s->call = c;
		}
	}
}

/* A comment of the original text: its lines and where its text is. */
struct comment {
	unsigned first, last;
	size_t start, len;
};

/* Every comment, in order (strings and character literals skipped). */
static size_t find_comments(struct comment **out, const char *s, size_t len)
{
	size_t n = 0, alloc = 0, p = 0;
	unsigned line = 1;

	*out = NULL;
	while (p < len) {
		if (s[p] == '\n') {
			line++;
			p++;
		} else if (s[p] == '"' || s[p] == '\'') {
			char q = s[p++];

			while (p < len && s[p] != q && s[p] != '\n') {
				line += s[p] == '\\' && p + 1 < len && s[p + 1] == '\n';
				p += s[p] == '\\' ? 2 : 1;
			}
			p++;
		} else if (s[p] == '/' && p + 1 < len && (s[p + 1] == '/' || s[p + 1] == '*')) {
			bool block = s[p + 1] == '*';
			size_t start = p;
			unsigned first = line;

			for (p += 2; p < len && (block ? !(s[p] == '*' && p + 1 < len && s[p + 1] == '/')
							: s[p] != '\n'); p++)
				line += s[p] == '\n';
			p += block ? 2 : 0;
			ALLOC_GROW(*out, n + 1, alloc);
			(*out)[n++] = (struct comment){ first, line, start, (p < len ? p : len) - start };
		} else {
			p++;
		}
	}
	return n;
}

/* Does the comment speak of what kmap_atomic() did, which is no longer so? */
static const char *stale_topic(const char *text, size_t len)
{
	static const char *const topics[][2] = {
		{ "kmap_atomic", "kmap_atomic()" },
		{ "atomic map", "an atomic mapping" },
		{ "atomically map", "an atomic mapping" },
		{ "atomic kmap", "an atomic mapping" },
		{ "km_", "a KM_* slot" },
		{ "preemption disabled", "preemption being disabled" },
		{ "preemption is disabled", "preemption being disabled" },
		{ "disables preemption", "preemption being disabled" },
		{ "preempt disabled", "preemption being disabled" },
		{ "pagefaults disabled", "page faults being disabled" },
		{ "page faults disabled", "page faults being disabled" },
		{ "disables page faults", "page faults being disabled" },
		{ "disables pagefaults", "page faults being disabled" },
	};
	char *lower = xstrndup(text, len);
	const char *found = NULL;

	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (size_t i = 0; i < sizeof(topics) / sizeof(topics[0]) && !found; i++) {
		const char *hit = strstr(lower, topics[i][0]);

		if (hit && (i != 4 || (hit > lower && !isalnum((unsigned char)hit[-1]) &&
				       isupper((unsigned char)text[hit - lower + 3]))))
			found = topics[i][1];
	}
	free(lower);
	return found;
}

/* The line of the first unmap after token i in the function, or the function's end. */
static unsigned region_end(const struct toks *t, const struct cfunc *fn, size_t i)
{
	for (; i < fn->close && i < t->nr; i++)
		if (tok_is(t, i, "kunmap_atomic") || tok_is(t, i, "kunmap"))
			return t->v[i].line;
	return fn->close < t->nr ? t->v[fn->close].line : t->v[t->nr - 1].line;
}

/* Does comment c end just above `line` (a blank line between at most)? */
static bool just_above(const struct comment *c, unsigned line)
{
	return c->last < line && c->last + 2 >= line;
}

/*
 * A comment inside a converted region, ending just above it, or leading
 * its function, that speaks of kmap_atomic(), atomic mappings, KM_* slots
 * or the disables may be false now: the site's evidence says so, for the
 * author to fix by hand.
 */
static void note_stale_comments(struct file_result *f, const char *orig, size_t len,
				const struct toks *t, const struct cfuncs *fns)
{
	struct comment *c;
	size_t nr = find_comments(&c, orig, len);

	for (size_t k = 0; k < f->nr_sites && nr; k++) {
		struct site *s = &f->sites[k];
		const struct cfunc *fn = cfuncs_at_line(fns, t, s->line);
		struct buf lines = BUF_INIT, ev = BUF_INIT;
		const char *topic = NULL, *first_topic = NULL;
		unsigned end = s->line, head;

		if (!verdict_converts(s->verdict) || !fn)
			continue;
		head = t->v[fn->head].line;
		for (size_t i = fn->open; i < fn->close && i < t->nr; i++)
			if (t->v[i].line == s->line) {
				end = region_end(t, fn, i);
				break;
			}
		for (size_t i = 0; i < nr; i++) {
			bool near = (c[i].first >= s->line && c[i].first <= end) ||
				    just_above(&c[i], s->line) || just_above(&c[i], head);

			if (!near || !(topic = stale_topic(orig + c[i].start, c[i].len)))
				continue;
			buf_printf(&lines, "%s%u", lines.len ? ", " : "", c[i].first);
			first_topic = first_topic ? first_topic : topic;
		}
		if (lines.len) {
			buf_printf(&ev, "%s; note: the comment%s at line%s %s speak%s of %s and may "
				   "need an update", s->evidence, strchr(lines.ptr, ',') ? "s" : "",
				   strchr(lines.ptr, ',') ? "s" : "", lines.ptr,
				   strchr(lines.ptr, ',') ? "" : "s", first_topic);
			free(s->evidence);
			s->evidence = buf_detach(&ev, NULL);
		}
		buf_release(&lines);
	}
	free(c);
}

/* Is `line` part of a preprocessor directive (a #define and its continuations)? */
static bool in_directive(const char *text, size_t len, unsigned line)
{
	const char *p = text, *end = text + len;
	bool directive = false, continued = false;

	for (unsigned n = 1; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;

		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		directive = continued ? directive : q < eol && *q == '#';
		if (n == line)
			return directive;
		continued = eol > p && eol[-1] == '\\';
		p = nl ? nl + 1 : end;
	}
	return false;
}

/*
 * spatch lists the lines it could not parse.  One inside a #define body
 * hides no code the rules match (a site there is flag:macro), so a file
 * whose parse errors are all of that kind is not unparsed; for the others
 * the reason names the lines and their functions.
 */
static void classify_parse_errors(struct file_result *f, const char *orig, size_t len,
				  const struct toks *t, const struct cfuncs *fns)
{
	struct buf why = BUF_INIT;
	size_t code = 0;
	bool first_in_code = false;

	f->macro_parse_errors = 0;
	for (size_t i = 0; i < f->nr_parse_errors; i++) {
		unsigned line = f->parse_errors[i];
		const struct cfunc *fn;

		if (in_directive(orig, len, line)) {
			f->macro_parse_errors++;
			continue;
		}
		first_in_code |= i == 0;
		if (code++ < 3) {
			fn = cfuncs_at_line(fns, t, line);
			buf_printf(&why, "%s%u", code > 1 ? ", " : "spatch could not parse line ", line);
			if (fn)
				buf_printf(&why, " (in %s())", fn->name);
		}
	}
	if (f->status == FILE_UNPARSED && f->nr_parse_errors && !code) {
		f->status = FILE_OK;
		free(f->reason);
		f->reason = NULL;
	} else if (f->status == FILE_UNPARSED && code) {
		if (code > 3)
			buf_printf(&why, " and %zu more", code - 3);
		if (first_in_code && f->reason && strstr(f->reason, ", near `"))
			buf_puts(&why, strstr(f->reason, ", near `"));
		free(f->reason);
		f->reason = buf_detach(&why, NULL);
	}
	buf_release(&why);
}

void verdicts_finish(struct file_result *f, const char *orig, size_t len)
{
	struct toks t = { 0 };
	struct cfuncs fns = { 0 };
	struct conv_scan conv = { 0 };

	toks_scan(&t, orig, len);
	cfuncs_find(&fns, &t);
	classify_parse_errors(f, orig, len, &t, &fns);
	mark_macro_sites(f, &t);
	for (size_t i = 0; i < t.nr; i++)
		if (is_call(&t, i) && !has_site(f, t.v[i].line))
			add_missed(f, &t, &fns, i);
	if (f->changed) {
		tidy_casts(f);
		tidy_indent(f, orig, len);
		blank_after_declarations(f);
		drop_unused_declarations(f, &t, &fns, &conv);
	}
	lifo_check_scanned(f, &t, &fns, conv.text ? &conv : NULL);
	conv_scan_release(&conv);
	file_result_tidy(f);
	find_calls(f, &t);
	note_stale_comments(f, orig, len, &t, &fns);
	cfuncs_release(&fns);
	toks_release(&t);
}
