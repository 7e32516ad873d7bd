#include "kunit.h"
#include "error.h"
#include "kconfig.h"
#include "repo.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define INDENT 4

/* --- finding the suites of a directory --- */

static int collect_kconfig(const char *root, const git_tree_entry *e, void *payload)
{
	struct kunit_tree *t = payload;
	struct buf text = BUF_INIT;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || strncmp(git_tree_entry_name(e), "Kconfig", 7))
		return 0;
	if (repo_read_blob(&text, t->git, git_tree_entry_id(e)) == 0)
		strvec_push(&t->kconfig, text.ptr);
	buf_release(&text);
	return 0;
}

static int load_kconfig(struct kunit_tree *t)
{
	if (t->loaded)
		return 0;
	t->loaded = true;
	if (git_tree_walk(t->tree, GIT_TREEWALK_PRE, collect_kconfig, t) < 0)
		return error_git("cannot read the Kconfig files of the tree");
	return 0;
}

static bool is_sym_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (c >= 'a' && c <= 'z');
}

/* Does `s` (n bytes) hold `word` as a whole word? */
static bool has_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (const char *p = memmem(s, n, word, w); p; p = memmem(p + 1, n - (size_t)(p + 1 - s),
								     word, w))
		if ((p == s || !is_sym_char(p[-1])) && (p + w == s + n || !is_sym_char(p[w])))
			return true;
	return false;
}

static const char *skip_blanks(const char *p)
{
	return p + strspn(p, " \t");
}

/* "config SYM" or "menuconfig SYM" at this line? */
static bool defines(const char *l, size_t n, const char *sym)
{
	const char *p = skip_blanks(l), *end = l + n;
	size_t s = strlen(sym);

	if (!strncmp(p, "config", 6))
		p += 6;
	else if (!strncmp(p, "menuconfig", 10))
		p += 10;
	else
		return false;
	if (p >= end || (*p != ' ' && *p != '\t'))
		return false;
	p = skip_blanks(p);
	return (size_t)(end - p) >= s && !strncmp(p, sym, s) &&
	       (p + s == end || !is_sym_char(p[s]));
}

/* The entry's "depends on" lines (up to its help text or the next entry) name KUNIT. */
static bool entry_needs_kunit(const char *after)
{
	for (const char *p = after; *p;) {
		const char *nl = strchrnul(p, '\n'), *l = skip_blanks(p);

		if (nl > p && *p != ' ' && *p != '\t' && *p != '#')
			return false;	/* the next statement */
		if (!strncmp(l, "help", 4) || !strncmp(l, "---help---", 10))
			return false;
		if (!strncmp(l, "depends on", 10) && has_word(l, (size_t)(nl - l), "KUNIT"))
			return true;
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

static bool depends_on_kunit(const struct kunit_tree *t, const char *sym)
{
	for (size_t i = 0; i < t->kconfig.nr; i++)
		for (const char *p = t->kconfig.v[i]; *p;) {
			const char *nl = strchrnul(p, '\n');

			if (defines(p, (size_t)(nl - p), sym))
				return *nl && entry_needs_kunit(nl + 1);
			p = *nl ? nl + 1 : nl;
		}
	return false;
}

static bool matches(const struct strvec *patterns, const char *sym)
{
	for (size_t i = 0; i < patterns->nr; i++)
		if (!fnmatch(patterns->v[i], sym, 0))
			return true;
	return false;
}

static int read_path(struct buf *out, const struct kunit_tree *t, const char *path)
{
	git_tree_entry *e = NULL;
	int ret = 1;	/* no such file */

	buf_reset(out);
	if (!git_tree_entry_bypath(&e, t->tree, path))
		ret = repo_read_blob(out, t->git, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return ret;
}

/* The .name of each struct kunit_suite in a source text. */
static void suite_names(struct strvec *out, const char *text)
{
	for (const char *p = strstr(text, "struct kunit_suite"); p;
	     p = strstr(p + 1, "struct kunit_suite")) {
		const char *end = strstr(p, "};"), *n = p;

		while ((n = strstr(n + 1, ".name")) && (!end || n < end)) {
			const char *q = skip_blanks(n + 5), *close;

			if (*q != '=')
				continue;
			q = skip_blanks(q + 1);
			if (*q == '"' && (close = strchr(q + 1, '"'))) {
				char *name = xstrndup(q + 1, (size_t)(close - q - 1));

				if (strvec_find(out, name) < 0)
					strvec_push(out, name);
				free(name);
			}
		}
	}
}

/* The words of the "NAME-objs"/"NAME-y" lines of a Makefile text. */
static void composite_parts(struct strvec *out, const char *makefile, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = makefile; *p;) {
		const char *nl = strchrnul(p, '\n'), *l = skip_blanks(p), *eq;

		if (!strncmp(l, name, n) && (!strncmp(l + n, "-objs", 5) || !strncmp(l + n, "-y", 2)) &&
		    (eq = memchr(l, '=', (size_t)(nl - l)))) {
			char *rhs = xstrndup(eq + 1, (size_t)(nl - eq - 1));

			strvec_split_blanks(out, rhs);
			free(rhs);
		}
		p = *nl ? nl + 1 : nl;
	}
}

/* The suite names in the sources of object "word" ("x.o") of directory `dir`. */
static int object_suites(struct strvec *suites, const struct kunit_tree *t, const char *dir,
			 const char *makefile, const char *word)
{
	struct strvec parts = STRVEC_INIT;
	struct buf path = BUF_INIT, text = BUF_INIT;
	char *stem = xstrndup(word, strlen(word) - 2);
	int ret;

	buf_printf(&path, "%s/%s.c", dir, stem);
	if ((ret = read_path(&text, t, path.ptr)) == 0)
		suite_names(suites, text.ptr);
	if (ret == 1) {		/* a composite object: its parts' sources */
		ret = 0;
		composite_parts(&parts, makefile, stem);
		for (size_t i = 0; i < parts.nr && ret >= 0; i++) {
			size_t n = strlen(parts.v[i]);

			if (n < 3 || strcmp(parts.v[i] + n - 2, ".o"))
				continue;
			buf_reset(&path);
			buf_printf(&path, "%s/%.*s.c", dir, (int)n - 2, parts.v[i]);
			if ((ret = read_path(&text, t, path.ptr)) == 0)
				suite_names(suites, text.ptr);
		}
		ret = ret < 0 ? ret : 0;
	}
	strvec_clear(&parts);
	buf_release(&path);
	buf_release(&text);
	free(stem);
	return ret;
}

/* One "obj-$(CONFIG_SYM) += a.o b.o" line: its symbol (or false) and its words. */
static bool obj_line(char **sym, struct strvec *words, const char *l, size_t n)
{
	const char *c, *close, *eq;
	char *rhs;

	l = skip_blanks(l);
	if (strncmp(l, "obj-$(CONFIG_", 13) || !(close = memchr(l, ')', n)) ||
	    !(eq = memchr(close, '=', n - (size_t)(close - l))))
		return false;
	c = l + 13;
	*sym = xstrndup(c, (size_t)(close - c));
	rhs = xstrndup(eq + 1, n - (size_t)(eq + 1 - l));
	strvec_split_blanks(words, rhs);
	free(rhs);
	return true;
}

static int scan_makefile(struct strvec *symbols, struct strvec *suites, struct kunit_tree *t,
			 const char *dir, const char *text, const struct strvec *patterns)
{
	int ret = 0;

	for (const char *p = text; *p && !ret;) {
		const char *nl = strchrnul(p, '\n');
		struct strvec words = STRVEC_INIT;
		char *sym = NULL;

		if (obj_line(&sym, &words, p, (size_t)(nl - p)) && matches(patterns, sym) &&
		    !(ret = load_kconfig(t)) && depends_on_kunit(t, sym)) {
			if (strvec_find(symbols, sym) < 0)
				strvec_push(symbols, sym);
			for (size_t i = 0; i < words.nr && !ret; i++)
				if (strlen(words.v[i]) > 2 && str_ends_with(words.v[i], ".o"))
					ret = object_suites(suites, t, dir, text, words.v[i]);
		}
		free(sym);
		strvec_clear(&words);
		p = *nl ? nl + 1 : nl;
	}
	return ret;
}

int kunit_find_suites(struct strvec *symbols, struct strvec *suites, struct kunit_tree *t,
		      const char *dir, const struct strvec *patterns)
{
	struct buf sub = BUF_INIT, text = BUF_INIT;
	int ret = 0;

	buf_printf(&sub, "%s%stests", dir, *dir ? "/" : "");
	for (int i = 0; i < 2 && !ret; i++) {
		const char *d = i ? sub.ptr : dir;

		if (!(ret = kconfig_read_makefile(&text, t->git, t->tree, d)) && text.len)
			ret = scan_makefile(symbols, suites, t, d, text.ptr, patterns);
	}
	buf_release(&sub);
	buf_release(&text);
	return ret;
}

void kunit_tree_release(struct kunit_tree *t)
{
	strvec_clear(&t->kconfig);
	t->loaded = false;
}

/* --- reading KTAP --- */

static const char *const status_names[] = { "ok", "failed", "skipped", "incomplete" };

const char *ktap_status_name(enum ktap_status s)
{
	return status_names[s];
}

/* The path of the subtests open above `level`, then `name`. */
static char *result_name(const struct ktap_reader *r, int level, const char *name, size_t n)
{
	struct buf out = BUF_INIT;

	for (int i = 1; i <= level && i < KTAP_DEPTH; i++)
		if (r->open[i])
			buf_printf(&out, "%s.", r->open[i]);
	buf_add(&out, name, n);
	return buf_detach(&out, NULL);
}

static void add_result(struct ktap_results *out, char *name, int level, enum ktap_status s,
		       const struct strvec *diag)
{
	struct ktap_result *res;
	struct buf d = BUF_INIT;

	ALLOC_GROW(out->v, out->nr, out->alloc);
	res = &out->v[out->nr++];
	for (size_t i = 0; s != KTAP_PASS && s != KTAP_SKIP && i < diag->nr; i++)
		buf_printf(&d, "%s%s", i ? "\n" : "", diag->v[i]);
	*res = (struct ktap_result){ name, level, s, d.len ? buf_detach(&d, NULL) : NULL };
	buf_release(&d);
}

static void close_from(struct ktap_reader *r, int level)
{
	for (int i = level; i < KTAP_DEPTH; i++) {
		free(r->open[i]);
		r->open[i] = NULL;
	}
}

static void remember(struct ktap_reader *r, const char *l)
{
	if (r->diag.nr == KTAP_DIAG_LINES) {
		free(r->diag.v[0]);
		memmove(r->diag.v, r->diag.v + 1, (r->diag.nr - 1) * sizeof(*r->diag.v));
		r->diag.v[--r->diag.nr] = NULL;
	}
	strvec_push(&r->diag, l);
}

/* The subtests still open, deepest first, are incomplete. */
static void end_open(struct ktap_reader *r, struct ktap_results *out)
{
	for (int level = KTAP_DEPTH - 1; level > 0; level--) {
		if (!r->open[level])
			continue;
		add_result(out, result_name(r, level - 1, r->open[level], strlen(r->open[level])),
			   level - 1, KTAP_INCOMPLETE, &r->diag);
		close_from(r, level);
	}
	strvec_clear(&r->diag);
}

/* "ok 3 name # SKIP why", "not ok 1 - name" */
static void read_result(struct ktap_reader *r, struct ktap_results *out, int level,
			const char *l)
{
	bool ok = !strncmp(l, "ok ", 3);
	const char *p = l + (ok ? 3 : 7), *hash;
	enum ktap_status s = ok ? KTAP_PASS : KTAP_FAIL;
	size_t n;

	p += strspn(p, "0123456789");
	if (*p != ' ')
		return;
	p = skip_blanks(p);
	if (!strncmp(p, "- ", 2))
		p += 2;
	hash = strstr(p, " # ");
	n = hash ? (size_t)(hash - p) : strlen(p);
	if (hash && !strncasecmp(skip_blanks(hash + 3), "SKIP", 4))
		s = KTAP_SKIP;
	while (n && p[n - 1] == ' ')
		n--;
	add_result(out, result_name(r, level, p, n), level, s, &r->diag);
	strvec_clear(&r->diag);
	close_from(r, level + 1);
}

void ktap_read_line(struct ktap_reader *r, struct ktap_results *out, const char *line)
{
	const char *l = line, *close;
	int level;
	size_t sp;

	if (*l == '[' && (close = strchr(l, ']')) && close[1] == ' ')
		l = close + 2;		/* the printk time stamp */
	sp = strspn(l, " ");
	level = (int)(sp / INDENT);
	l += sp;
	if (!strncmp(l, "KTAP version ", 13) || !strncmp(l, "TAP version ", 12)) {
		if (level == 0) {
			end_open(r, out);	/* a new document: the last was cut off */
			r->in_doc = true;
			r->plan = -1;
			r->top = 0;
		}
		return;
	}
	if (!r->in_doc || level >= KTAP_DEPTH - 1)
		return;
	if (level == 0 && !strncmp(l, "1..", 3)) {
		r->plan = strtol(l + 3, NULL, 10);
		return;
	}
	if (!strncmp(l, "# Subtest: ", 11)) {
		close_from(r, level);
		r->open[level] = xstrdup(skip_blanks(l + 11));
		strvec_clear(&r->diag);
	} else if (!strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7)) {
		read_result(r, out, level, l);
		if (level == 0 && ++r->top == r->plan)
			r->in_doc = false;	/* the document is done: init's lines follow */
	} else if (*l && !(l[0] >= '0' && l[0] <= '9' && strstr(l, ".."))) {
		remember(r, l);	/* diagnostics, not a "1..N" plan */
	}
}

void ktap_read_end(struct ktap_reader *r, struct ktap_results *out)
{
	end_open(r, out);
	close_from(r, 0);
	r->in_doc = false;
}

int ktap_status_of(const struct ktap_results *res, const char *name)
{
	int found = -1;

	for (size_t i = 0; i < res->nr; i++)
		if (!strcmp(res->v[i].name, name) &&
		    (found < 0 || res->v[i].status == KTAP_FAIL ||
		     res->v[i].status == KTAP_INCOMPLETE))
			found = (int)res->v[i].status;
	return found;
}

static bool seen_before(const struct ktap_results *res, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(res->v[j].name, res->v[i].name))
			return true;
	return false;
}

void ktap_count(const struct ktap_results *res, size_t *suites, size_t *cases, size_t by_status[4])
{
	*suites = *cases = 0;
	memset(by_status, 0, 4 * sizeof(*by_status));
	for (size_t i = 0; i < res->nr; i++) {
		if (res->v[i].level > 1 || seen_before(res, i))
			continue;
		if (res->v[i].level == 0) {
			(*suites)++;
			continue;
		}
		(*cases)++;
		by_status[ktap_status_of(res, res->v[i].name)]++;
	}
}

void ktap_results_release(struct ktap_results *res)
{
	for (size_t i = 0; i < res->nr; i++) {
		free(res->v[i].name);
		free(res->v[i].diag);
	}
	free(res->v);
	*res = (struct ktap_results)KTAP_RESULTS_INIT;
}
