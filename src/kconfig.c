#include "kconfig.h"
#include "error.h"
#include "repo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 6

int kconfig_read_makefile(struct buf *out, git_repository *git, git_tree *tree, const char *dir)
{
	static const char *const names[] = { "Makefile", "Kbuild" };
	int ret = 0;

	buf_reset(out);
	for (size_t i = 0; i < 2 && !out->len && !ret; i++) {
		struct buf path = BUF_INIT;
		git_tree_entry *e = NULL;

		buf_printf(&path, "%s%s%s", dir, *dir ? "/" : "", names[i]);
		if (!git_tree_entry_bypath(&e, tree, path.ptr))
			ret = repo_read_blob(out, git, git_tree_entry_id(e));
		git_tree_entry_free(e);
		buf_release(&path);
	}
	for (char *p = out->ptr; (p = strstr(p, "\\\n"));)
		p[0] = p[1] = ' ';
	return ret;
}

struct assign {
	char name[128];		/* "obj", "minifs", ... */
	char var[160];		/* the variable as written: "minifs-y", "kvm-objs-$(CONFIG_X)" */
	char symbol[128];	/* "" for -y/-m/-objs */
	const char *rhs;
	size_t rhs_len;
};

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len > n && !memcmp(s + len - n, suffix, n);
}

/* "name-$(CONFIG_X) += a.o b/" or "name-y := ..." */
static bool parse_assign(struct assign *a, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *op, *cond;
	size_t lhs;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if (!(op = memchr(p, '=', (size_t)(end - p))))
		return false;
	lhs = (size_t)(op - p);
	while (lhs && strchr("+:? \t", p[lhs - 1]))
		lhs--;
	if (!lhs || lhs >= sizeof(a->var))
		return false;
	memcpy(a->var, p, lhs);
	a->var[lhs] = '\0';
	a->symbol[0] = '\0';
	if (ends_with(p, lhs, "-y") || ends_with(p, lhs, "-m")) {
		lhs -= 2;
	} else if (ends_with(p, lhs, "-objs")) {
		lhs -= 5;
	} else if (lhs > 1 && p[lhs - 1] == ')' &&
		   (cond = memmem(p, lhs, "-$(CONFIG_", 10))) {
		size_t n = (size_t)(p + lhs - 1 - (cond + 10));

		if (n >= sizeof(a->symbol))
			return false;
		memcpy(a->symbol, cond + 10, n);
		a->symbol[n] = '\0';
		lhs = (size_t)(cond - p);
	} else {
		return false;
	}
	if (!lhs || lhs >= sizeof(a->name) || memchr(p, ' ', lhs))
		return false;
	memcpy(a->name, p, lhs);
	a->name[lhs] = '\0';
	a->rhs = op + 1;
	a->rhs_len = (size_t)(end - op - 1);
	return true;
}

/*
 * A word of a Makefile naming `token`: the same, or with a make variable
 * in it standing for what the token has there, or for nothing
 * ("init_$(BITS).o" names "init_64.o", arm's "dma-mapping$(MMUEXT).o"
 * names "dma-mapping.o").
 */
static bool word_names(const char *w, size_t len, const char *token)
{
	const char *var = memmem(w, len, "$(", 2), *close;
	size_t n = strlen(token), pre, post;

	if (len == n && !memcmp(w, token, n))
		return true;
	if (!var)
		return false;
	if (!(close = memchr(var, ')', len - (size_t)(var - w))))
		return false;
	pre = (size_t)(var - w);
	post = len - (size_t)(close + 1 - w);
	/* A bare "$(foo-y)" would name everything: a prefix and a suffix it needs. */
	return pre && post && n >= pre + post && !memcmp(w, token, pre) && !memcmp(close + 1, token + n - post, post) &&
	       !memchr(token + pre, '/', n - pre - post) && !memmem(close + 1, post, "$(", 2);
}

/*
 * The word of `s` that names `token` in *word (its length in *wlen), or
 * false.
 */
static bool has_token(const char *s, size_t len, const char *token, const char **word,
		      size_t *wlen)
{
	for (const char *p = s, *end = s + len; p < end;) {
		size_t n;

		while (p < end && isspace((unsigned char)*p))
			p++;
		n = 0;
		while (p + n < end && !isspace((unsigned char)p[n]))
			n++;
		if (n && word_names(p, n, token)) {
			*word = p;
			*wlen = n;
			return true;
		}
		p += n;
	}
	return false;
}

static bool find_in_makefile(struct strvec *out, const char *text, const char *token, int depth);

/*
 * x86's "usercopy_$(BITS).o" names usercopy_64.o only where BITS is 64:
 * the symbol that says so, or NULL.
 */
static const char *word_size_symbol(const char *w, size_t len, const char *token)
{
	const char *var = memmem(w, len, "$(BITS)", 7);
	size_t pre = var ? (size_t)(var - w) : 0;

	if (var && strlen(token) >= pre + 2 && !strncmp(token + pre, "64", 2))
		return "64BIT";
	return NULL;
}

/*
 * The lists that hold what assignment `a` assigns to: the composite
 * "name.o", or a variable expanded elsewhere ("kvm-y += $(kvm-objs-y)",
 * "kvm-objs-$(CONFIG_X) := $(kvm-e500-objs)").
 */
static bool find_user(struct strvec *out, const char *text, const struct assign *a, int depth)
{
	char ref[180];

	snprintf(ref, sizeof(ref), "%s.o", a->name);
	if (find_in_makefile(out, text, ref, depth + 1))
		return true;
	if (!*a->symbol) {
		snprintf(ref, sizeof(ref), "$(%s)", a->var);
		return find_in_makefile(out, text, ref, depth + 1);
	}
	snprintf(ref, sizeof(ref), "$(%s-y)", a->name);
	if (find_in_makefile(out, text, ref, depth + 1))
		return true;
	snprintf(ref, sizeof(ref), "$(%s-m)", a->name);
	return find_in_makefile(out, text, ref, depth + 1);
}

/*
 * Look for `token` in one Makefile; composites and make variables recurse
 * on what uses them.  Returns true when an obj-/lib- line (directly or
 * through those) names it, adding the symbols on the way.
 */
static bool find_in_makefile(struct strvec *out, const char *text, const char *token, int depth)
{
	const char *p = text;

	if (depth > MAX_DEPTH)
		return false;
	while (*p) {
		const char *nl = strchrnul(p, '\n');
		struct assign a;
		const char *word, *bits;
		size_t wlen;

		if (parse_assign(&a, p, (size_t)(nl - p)) &&
		    has_token(a.rhs, a.rhs_len, token, &word, &wlen)) {
			bool direct = !strcmp(a.name, "obj") || !strcmp(a.name, "lib");

			if (direct || find_user(out, text, &a, depth)) {
				if (*a.symbol && strvec_find(out, a.symbol) < 0)
					strvec_push(out, a.symbol);
				bits = word_size_symbol(word, wlen, token);
				if (bits && strvec_find(out, bits) < 0)
					strvec_push(out, bits);
				return true;
			}
		}
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

static char *parent_dir(const char *dir)
{
	const char *slash = strrchr(dir, '/');

	return slash ? xstrndup(dir, (size_t)(slash - dir)) : xstrdup("");
}

/* obj-$(CONFIG_Z) += child/ in each parent, up to the top level. */
static int directory_symbols(struct strvec *out, git_repository *git, git_tree *tree,
			     const char *dir)
{
	struct buf text = BUF_INIT, token = BUF_INIT;
	char *cur = xstrdup(dir);
	int ret = 0;

	while (*cur && strchr(cur, '/') && !ret) {
		char *parent = parent_dir(cur);

		buf_reset(&token);
		buf_printf(&token, "%s/", cur + strlen(parent) + 1);
		if (!(ret = kconfig_read_makefile(&text, git, tree, parent)))
			find_in_makefile(out, text.ptr, token.ptr, 0);
		free(cur);
		cur = parent;
	}
	free(cur);
	buf_release(&text);
	buf_release(&token);
	return ret;
}

int kconfig_object_symbols(struct strvec *out, bool *named, git_repository *git, git_tree *tree,
			   const char *object)
{
	char *dir = parent_dir(object);
	struct buf text = BUF_INIT;
	int ret = 0;

	*named = false;
	/* Its own directory first, then parents naming "sub/file.o". */
	for (char *d = xstrdup(dir); !*named && !ret;) {
		const char *rel = object + (*d ? strlen(d) + 1 : 0);
		char *up;

		if (!(ret = kconfig_read_makefile(&text, git, tree, d)))
			*named = find_in_makefile(out, text.ptr, rel, 0);
		if (*named || !*d) {
			if (*named)
				ret = directory_symbols(out, git, tree, d);
			free(d);
			break;
		}
		up = parent_dir(d);
		free(d);
		d = up;
	}
	free(dir);
	buf_release(&text);
	return ret;
}

static const char *find_line(const char *config, const char *symbol, size_t *len)
{
	struct buf set = BUF_INIT, unset = BUF_INIT;
	const char *hit = NULL;

	buf_printf(&set, "CONFIG_%s=", symbol);
	buf_printf(&unset, "# CONFIG_%s is not set", symbol);
	for (const char *p = config; *p && !hit;) {
		const char *nl = strchrnul(p, '\n');

		if (!strncmp(p, set.ptr, set.len) || !strncmp(p, unset.ptr, unset.len)) {
			hit = p;
			*len = (size_t)(nl - p);
		}
		p = *nl ? nl + 1 : nl;
	}
	buf_release(&set);
	buf_release(&unset);
	return hit;
}

char kconfig_get(const char *config, const char *symbol)
{
	size_t len, n = strlen(symbol) + 8;
	const char *line = find_line(config, symbol, &len);

	if (!line || line[0] == '#' || len <= n)
		return 'n';
	return line[n] == 'y' || line[n] == 'm' ? line[n] : 'n';
}

void kconfig_set(struct buf *config, const char *symbol, char value)
{
	struct buf out = BUF_INIT;
	size_t len;
	const char *line = find_line(config->ptr, symbol, &len);

	if (line) {
		buf_add(&out, config->ptr, (size_t)(line - config->ptr));
		line += len;
	} else {
		buf_add(&out, config->ptr, config->len);
		if (out.len && out.ptr[out.len - 1] != '\n')
			buf_putc(&out, '\n');
	}
	if (value == 'n')
		buf_printf(&out, "# CONFIG_%s is not set", symbol);
	else
		buf_printf(&out, "CONFIG_%s=%c", symbol, value);
	if (line)
		buf_puts(&out, line);
	else
		buf_putc(&out, '\n');
	buf_reset(config);
	buf_add(config, out.ptr, out.len);
	buf_release(&out);
}
