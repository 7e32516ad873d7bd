#include "kconfig_solve.h"
#include "error.h"

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 10
#define MAX_SOURCE_DEPTH 32

/* One definition of a symbol (a symbol may be defined in several places). */
struct entry {
	char *name;
	char *file;
	bool prompt;
	int choice;		/* the choice block it is a member of, or -1 */
	struct strvec conds;	/* depends on, and the if/menu/choice blocks around it */
	struct strvec defaults;	/* expressions that give it a default of y */
	struct strvec selects;	/* "SYM" or "SYM if EXPR" */
	struct strvec implies;	/* the same for imply */
	struct strvec visible;	/* when its prompt shows: "bool "x" if E", menus' "visible if E" */
};

/* A symbol defined in another arch's Kconfig: "NAME arch". */
struct kconfig_db {
	char *src;
	char *srcarch;
	struct entry *v;
	size_t nr, alloc;
	int choices;
	struct strvec elsewhere;
	struct strvec word_size;	/* symbols that choose 32 or 64 bits: PPC64, ARCH_RV64I */
};

enum block { B_NONE, B_ENTRY, B_MENU, B_CHOICE, B_OTHER };

struct frame {
	struct strvec conds;
	struct strvec visible;	/* a menu's "visible if" */
	int choice;		/* -1 unless a choice block */
};

struct parser {
	struct kconfig_db *db;
	struct frame *stack;
	size_t nr, alloc;
	enum block block;
	struct entry *cur;
	int help_indent;	/* -2: not in help; -1: help, indent unknown */
};

const char *kconfig_srcarch(const char *arch)
{
	static const char *const map[][2] = {
		{ "i386", "x86" }, { "x86_64", "x86" }, { "sparc32", "sparc" },
		{ "sparc64", "sparc" }, { "sh64", "sh" }, { "parisc64", "parisc" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(arch, map[i][0]))
			return map[i][1];
	return arch;
}

const char *kconfig_db_srcarch(const struct kconfig_db *db)
{
	return db->srcarch;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool keyword(const char *l, const char *kw, const char **rest)
{
	size_t n = strlen(kw);

	if (strncmp(l, kw, n) || (l[n] && l[n] != ' ' && l[n] != '\t'))
		return false;
	*rest = skip_ws(l + n);
	return true;
}

static int indent_of(const char *p)
{
	int n = 0;

	for (; *p == ' ' || *p == '\t'; p++)
		n = *p == '\t' ? (n / 8 + 1) * 8 : n + 1;
	return n;
}

static void push_frame(struct parser *ps, const char *cond, int choice)
{
	ALLOC_GROW(ps->stack, ps->nr, ps->alloc);
	ps->stack[ps->nr] = (struct frame){ STRVEC_INIT, STRVEC_INIT, choice };
	if (cond)
		strvec_push(&ps->stack[ps->nr].conds, cond);
	ps->nr++;
}

static void pop_frame(struct parser *ps)
{
	if (!ps->nr)
		return;
	strvec_clear(&ps->stack[--ps->nr].conds);
	strvec_clear(&ps->stack[ps->nr].visible);
}

static void new_entry(struct parser *ps, const char *name, const char *file)
{
	struct kconfig_db *db = ps->db;
	struct entry *e;

	ALLOC_GROW(db->v, db->nr, db->alloc);
	e = &db->v[db->nr++];
	*e = (struct entry){ xstrndup(name, strcspn(name, " \t")), xstrdup(file), false, -1,
			     STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	for (size_t i = 0; i < ps->nr; i++) {
		strvec_push_unique(&e->conds, &ps->stack[i].conds);
		strvec_push_unique(&e->visible, &ps->stack[i].visible);
		if (ps->stack[i].choice >= 0)
			e->choice = ps->stack[i].choice;
	}
	ps->cur = e;
	ps->block = B_ENTRY;
}

/* "y if X" -> "X"; "FOO" -> "FOO"; "n ..." and strings/numbers -> nothing. */
static void add_default(struct entry *e, const char *v)
{
	const char *cond = strstr(v, " if ");
	size_t n = cond ? (size_t)(cond - v) : strlen(v);

	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (!n || *v == '"' || isdigit((unsigned char)*v) || (n == 1 && *v == 'n'))
		return;
	if ((n == 1 && (*v == 'y' || *v == 'm')) && cond)
		strvec_pushf(&e->defaults, "%s", skip_ws(cond + 4));
	else if (n == 1 && (*v == 'y' || *v == 'm'))
		strvec_push(&e->defaults, "y");
	else if (cond)
		strvec_pushf(&e->defaults, "(%.*s) && (%s)", (int)n, v, skip_ws(cond + 4));
	else
		strvec_pushf(&e->defaults, "%.*s", (int)n, v);
}

/* "bool "text" if EXPR": a prompt, shown when EXPR holds. */
static void add_prompt(struct entry *e, const char *r)
{
	const char *end, *cond;

	if (*r != '"' && *r != '\'')
		return;
	e->prompt = true;
	if ((end = strchr(r + 1, *r)) && keyword(skip_ws(end + 1), "if", &cond) && *cond)
		strvec_push(&e->visible, cond);
}

static void parse_text(struct parser *ps, const char *file, char *text, int depth);

static void source_file(struct parser *ps, const char *from, const char *arg, bool relative,
			int depth)
{
	struct buf path = BUF_INIT, rel = BUF_INIT, text = BUF_INIT;
	const char *p = arg + (*arg == '"'), *macro;
	size_t n = strcspn(p, "\"");

	for (const char *q = p; q < p + n;) {
		if ((macro = strstr(q, "$(SRCARCH)")) && macro < p + n) {
			buf_add(&rel, q, (size_t)(macro - q));
			buf_puts(&rel, ps->db->srcarch);
			q = macro + 10;
		} else {
			buf_add(&rel, q, (size_t)(p + n - q));
			q = p + n;
		}
	}
	if (strstr(rel.ptr, "$(") || depth > MAX_SOURCE_DEPTH)
		goto out;
	if (relative && strrchr(from, '/')) {
		buf_printf(&path, "%.*s/", (int)(strrchr(from, '/') - from), from);
	}
	buf_puts(&path, rel.ptr);
	buf_reset(&rel);
	buf_printf(&rel, "%s/%s", ps->db->src, path.ptr);
	if (buf_read_file(&text, rel.ptr) == 0)
		parse_text(ps, path.ptr, text.ptr, depth + 1);
out:
	buf_release(&path);
	buf_release(&rel);
	buf_release(&text);
}

static void parse_line(struct parser *ps, const char *file, const char *l, int depth)
{
	const char *r;
	struct kconfig_db *db = ps->db;

	if (keyword(l, "config", &r) || keyword(l, "menuconfig", &r)) {
		new_entry(ps, r, file);
	} else if (keyword(l, "choice", &r)) {
		push_frame(ps, NULL, db->choices++);
		ps->block = B_CHOICE;
	} else if (keyword(l, "endchoice", &r) || keyword(l, "endmenu", &r) ||
		   keyword(l, "endif", &r)) {
		pop_frame(ps);
		ps->block = B_NONE;
	} else if (keyword(l, "menu", &r)) {
		push_frame(ps, NULL, -1);
		ps->block = B_MENU;
	} else if (keyword(l, "if", &r)) {
		push_frame(ps, r, -1);
		ps->block = B_NONE;
	} else if (keyword(l, "source", &r) || keyword(l, "osource", &r)) {
		source_file(ps, file, r, false, depth);
		ps->block = B_NONE;
	} else if (keyword(l, "rsource", &r) || keyword(l, "orsource", &r)) {
		source_file(ps, file, r, true, depth);
		ps->block = B_NONE;
	} else if (keyword(l, "comment", &r) || keyword(l, "mainmenu", &r)) {
		ps->block = B_OTHER;
	} else if (keyword(l, "help", &r) || keyword(l, "---help---", &r)) {
		ps->help_indent = -1;
	} else if (keyword(l, "visible", &r) && keyword(r, "if", &r)) {
		if (ps->block == B_MENU && ps->nr)
			strvec_push(&ps->stack[ps->nr - 1].visible, r);
	} else if (keyword(l, "depends", &r) && keyword(r, "on", &r)) {
		if (ps->block == B_ENTRY)
			strvec_push(&ps->cur->conds, r);
		else if ((ps->block == B_MENU || ps->block == B_CHOICE) && ps->nr)
			strvec_push(&ps->stack[ps->nr - 1].conds, r);
	} else if (ps->block != B_ENTRY) {
		return;
	} else if (keyword(l, "bool", &r) || keyword(l, "tristate", &r) ||
		   keyword(l, "prompt", &r)) {
		add_prompt(ps->cur, r);
	} else if (keyword(l, "def_bool", &r) || keyword(l, "def_tristate", &r) ||
		   keyword(l, "default", &r)) {
		add_default(ps->cur, r);
	} else if (keyword(l, "select", &r)) {
		strvec_push(&ps->cur->selects, r);
	} else if (keyword(l, "imply", &r)) {
		strvec_push(&ps->cur->implies, r);
	}
}

static void parse_text(struct parser *ps, const char *file, char *text, int depth)
{
	for (char *p = text, *nl; *p; p = nl) {
		char *l;
		int ind;

		nl = strchrnul(p, '\n');
		/* Join continuation lines. */
		while (nl > p && nl[-1] == '\\' && *nl) {
			nl[-1] = nl[0] = ' ';
			nl = strchrnul(nl, '\n');
		}
		if (*nl)
			*nl++ = '\0';
		l = (char *)skip_ws(p);
		ind = indent_of(p);
		if (ps->help_indent != -2) {
			if (!*l)
				continue;
			if (ps->help_indent == -1)
				ps->help_indent = ind;
			if (ind >= ps->help_indent && ind > 0)
				continue;
			ps->help_indent = -2;
		}
		if (*l == '#' || !*l)
			continue;
		{
			char *hash = strstr(l, " #");

			if (hash && !strchr(l, '"'))
				*hash = '\0';
		}
		parse_line(ps, file, l, depth);
	}
}

/* Symbols defined under arch/<other>/: where to look when one is missing. */
static void index_arch_dir(struct kconfig_db *db, const char *arch, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d || depth > 6) {
		if (d)
			closedir(d);
		return;
	}
	while ((de = readdir(d))) {
		struct buf path = BUF_INIT, text = BUF_INIT;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		buf_printf(&path, "%s/%s", dir, de->d_name);
		if (!lstat(path.ptr, &st) && S_ISDIR(st.st_mode)) {
			index_arch_dir(db, arch, path.ptr, depth + 1);
		} else if (!strncmp(de->d_name, "Kconfig", 7) && !buf_read_file(&text, path.ptr)) {
			for (char *p = text.ptr; *p;) {
				char *nl = strchrnul(p, '\n');
				const char *l = skip_ws(p), *r;

				*nl = '\0';
				if (keyword(l, "config", &r) || keyword(l, "menuconfig", &r))
					strvec_pushf(&db->elsewhere, "%.*s %s",
						     (int)strcspn(r, " \t"), r, arch);
				p = nl + (nl < text.ptr + text.len);
			}
		}
		buf_release(&path);
		buf_release(&text);
	}
	closedir(d);
}

static void index_other_arches(struct kconfig_db *db)
{
	struct buf dir = BUF_INIT;
	DIR *d;
	struct dirent *de;

	buf_printf(&dir, "%s/arch", db->src);
	if (!(d = opendir(dir.ptr)))
		goto out;
	while ((de = readdir(d))) {
		struct buf sub = BUF_INIT;

		if (de->d_name[0] != '.' && strcmp(de->d_name, db->srcarch)) {
			buf_printf(&sub, "%s/%s", dir.ptr, de->d_name);
			index_arch_dir(db, de->d_name, sub.ptr, 0);
		}
		buf_release(&sub);
	}
	closedir(d);
out:
	buf_release(&dir);
}

static bool is_word_size(const char *name)
{
	return !strcmp(name, "64BIT") || !strcmp(name, "32BIT");
}

/* Whether a select or imply line ("SYM" or "SYM if EXPR") names `sym`. */
static bool names_sym(const char *line, const char *sym)
{
	size_t n = strlen(sym);

	return !strncmp(line, sym, n) && (!line[n] || line[n] == ' ' || line[n] == '\t');
}

/* The symbols of an expression ("PPC64", "!PPC64 && X" -> "PPC64", "X"). */
static void expr_symbols(struct strvec *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

		if (n && isupper((unsigned char)*p)) {
			char *sym = xstrndup(p, n);

			if (strvec_find(out, sym) < 0)
				strvec_push(out, sym);
			free(sym);
		}
		p += n ? n : 1;
	}
}

/*
 * What makes the kernel 32 or 64 bits on this arch besides 64BIT and
 * 32BIT themselves: what their defaults test ("default y if PPC64") and
 * what selects them (riscv's ARCH_RV64I).  Flipping one builds another
 * architecture: that is an entry of the arch table, not a variant.
 */
static void index_word_size(struct kconfig_db *db)
{
	for (size_t i = 0; i < db->nr; i++) {
		const struct entry *e = &db->v[i];

		for (size_t k = 0; is_word_size(e->name) && k < e->defaults.nr; k++)
			expr_symbols(&db->word_size, e->defaults.v[k]);
		for (size_t k = 0; k < e->selects.nr; k++)
			if ((names_sym(e->selects.v[k], "64BIT") || names_sym(e->selects.v[k], "32BIT")) &&
			    strvec_find(&db->word_size, e->name) < 0)
				strvec_push(&db->word_size, e->name);
	}
}

int kconfig_db_load(struct kconfig_db **out, const char *src, const char *srcarch)
{
	struct kconfig_db *db = xcalloc(1, sizeof(*db));
	struct parser ps = { db, NULL, 0, 0, B_NONE, NULL, -2 };
	struct buf path = BUF_INIT, text = BUF_INIT;
	int ret;

	db->src = xstrdup(src);
	db->srcarch = xstrdup(srcarch);
	db->elsewhere = (struct strvec)STRVEC_INIT;
	db->word_size = (struct strvec)STRVEC_INIT;
	buf_printf(&path, "%s/Kconfig", src);
	if ((ret = buf_read_file(&text, path.ptr)) < 0) {
		kconfig_db_free(db);
		db = NULL;
		goto out;
	}
	parse_text(&ps, "Kconfig", text.ptr, 0);
	while (ps.nr)
		pop_frame(&ps);
	index_word_size(db);
	index_other_arches(db);
out:
	free(ps.stack);
	buf_release(&path);
	buf_release(&text);
	*out = db;
	return ret;
}

void kconfig_db_free(struct kconfig_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nr; i++) {
		free(db->v[i].name);
		free(db->v[i].file);
		strvec_clear(&db->v[i].conds);
		strvec_clear(&db->v[i].defaults);
		strvec_clear(&db->v[i].selects);
		strvec_clear(&db->v[i].implies);
		strvec_clear(&db->v[i].visible);
	}
	free(db->v);
	free(db->src);
	free(db->srcarch);
	strvec_clear(&db->elsewhere);
	strvec_clear(&db->word_size);
	free(db);
}

/* ---- expressions ---------------------------------------------------- */

enum op { E_SYM, E_NOT, E_AND, E_OR, E_EQ, E_NE, E_TRUE };

struct expr {
	enum op op;
	struct expr *l, *r;
	char *sym;
};

static void expr_free(struct expr *e)
{
	if (!e)
		return;
	expr_free(e->l);
	expr_free(e->r);
	free(e->sym);
	free(e);
}

static struct expr *mk(enum op op, struct expr *l, struct expr *r, char *sym)
{
	struct expr *e = xcalloc(1, sizeof(*e));

	*e = (struct expr){ op, l, r, sym };
	return e;
}

static struct expr *parse_or(const char **p);

static struct expr *parse_atom(const char **p)
{
	const char *s = skip_ws(*p);
	size_t n;

	if (*s == '"' || *s == '\'') {
		char q = *s++;

		n = strcspn(s, (char[]){ q, 0 });
		*p = s + n + (s[n] == q);
		return mk(E_SYM, NULL, NULL, xstrndup(s, n));
	}
	if (s[0] == '$' && s[1] == '(') {
		int level = 0;

		for (n = 1; s[n]; n++) {
			level += s[n] == '(';
			if (s[n] == ')' && --level == 0)
				break;
		}
		*p = s + n + (s[n] == ')');
		return mk(E_TRUE, NULL, NULL, NULL);
	}
	for (n = 0; isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-' || s[n] == '.'; n++)
		;
	*p = s + n;
	return n ? mk(E_SYM, NULL, NULL, xstrndup(s, n)) : NULL;
}

static struct expr *parse_unary(const char **p)
{
	const char *s = skip_ws(*p);
	struct expr *e;

	if (*s == '!' && s[1] != '=') {
		*p = s + 1;
		e = parse_unary(p);
		return e ? mk(E_NOT, e, NULL, NULL) : NULL;
	}
	if (*s == '(') {
		*p = s + 1;
		e = parse_or(p);
		s = skip_ws(*p);
		if (*s == ')')
			s++;
		*p = s;
		return e;
	}
	if (!(e = parse_atom(p)))
		return NULL;
	s = skip_ws(*p);
	if (s[0] == '=' || (s[0] == '!' && s[1] == '=')) {
		enum op op = s[0] == '=' ? E_EQ : E_NE;
		struct expr *r;

		*p = s + (op == E_EQ ? 1 : 2);
		r = parse_atom(p);
		return r ? mk(op, e, r, NULL) : e;
	}
	if (s[0] == '<' || s[0] == '>') {	/* a range test: assume it holds */
		*p = s + 1 + (s[1] == '=');
		expr_free(parse_atom(p));
		expr_free(e);
		return mk(E_TRUE, NULL, NULL, NULL);
	}
	return e;
}

static struct expr *parse_and(const char **p)
{
	struct expr *l = parse_unary(p);
	const char *s;

	while (l && (s = skip_ws(*p))[0] == '&' && s[1] == '&') {
		struct expr *r;

		*p = s + 2;
		if (!(r = parse_unary(p)))
			break;
		l = mk(E_AND, l, r, NULL);
	}
	return l;
}

static struct expr *parse_or(const char **p)
{
	struct expr *l = parse_and(p);
	const char *s;

	while (l && (s = skip_ws(*p))[0] == '|' && s[1] == '|') {
		struct expr *r;

		*p = s + 2;
		if (!(r = parse_and(p)))
			break;
		l = mk(E_OR, l, r, NULL);
	}
	return l;
}

static struct expr *expr_parse(const char *text)
{
	struct expr *e = parse_or(&text);

	return e ? e : mk(E_TRUE, NULL, NULL, NULL);
}

/* ---- the solver ------------------------------------------------------ */

struct solver {
	struct kconfig_db *db;
	const char *config;
	struct kconfig_plan *plan;
	bool doubt;		/* a path failed on something olddefconfig might read otherwise */
};

/* The value .config gives `sym` ("y", "m", "64"), or "n". */
static void value_of(struct buf *out, const char *config, const char *sym)
{
	size_t n = strlen(sym);

	buf_reset(out);
	if (!strcmp(sym, "y") || !strcmp(sym, "m") || !strcmp(sym, "n")) {
		buf_puts(out, sym);
		return;
	}
	for (const char *p = config; *p;) {
		const char *nl = strchrnul(p, '\n');

		if (!strncmp(p, "CONFIG_", 7) && !strncmp(p + 7, sym, n) && p[7 + n] == '=') {
			const char *v = p + 8 + n;
			size_t len = (size_t)(nl - v);

			if (*v == '"' && len >= 2)
				buf_add(out, v + 1, len - 2);
			else
				buf_add(out, v, len);
			return;
		}
		p = *nl ? nl + 1 : nl;
	}
	/* Not a symbol: a literal ("0x100", a string). */
	if (!isupper((unsigned char)*sym) || strspn(sym, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != n)
		buf_puts(out, sym);
	else
		buf_puts(out, "n");
}

static bool planned(const struct solver *s, const char *sym)
{
	return strvec_find(&s->plan->on, sym) >= 0;
}

/*
 * On in .config itself, not only in the plan: setting another symbol
 * alone leaves it on.
 */
static bool on_in_config(const struct solver *s, const char *sym)
{
	struct buf v = BUF_INIT;
	bool on;

	value_of(&v, s->config, sym);
	on = !strcmp(v.ptr, "y") || !strcmp(v.ptr, "m");
	buf_release(&v);
	return on;
}

static int eval(const struct solver *s, const struct expr *e)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int v = 0;

	switch (e->op) {
	case E_TRUE:
		v = 2;
		break;
	case E_SYM:
		value_of(&a, s->config, e->sym);
		v = planned(s, e->sym) || !strcmp(a.ptr, "y") ? 2 : !strcmp(a.ptr, "m") ? 1 : 0;
		break;
	case E_NOT:
		v = 2 - eval(s, e->l);
		break;
	case E_AND:
		v = eval(s, e->l);
		if (v) {
			int r = eval(s, e->r);
			v = r < v ? r : v;
		}
		break;
	case E_OR:
		v = eval(s, e->l);
		if (v < 2) {
			int r = eval(s, e->r);
			v = r > v ? r : v;
		}
		break;
	case E_EQ:
	case E_NE:
		value_of(&a, s->config, e->l->sym ? e->l->sym : "y");
		value_of(&b, s->config, e->r->sym ? e->r->sym : "y");
		if (e->l->sym && planned(s, e->l->sym))
			buf_reset(&a), buf_puts(&a, "y");
		v = !strcmp(a.ptr, b.ptr) == (e->op == E_EQ) ? 2 : 0;
		break;
	}
	buf_release(&a);
	buf_release(&b);
	return v;
}

struct mark {
	size_t on, off, y, arches;
	size_t why;
};

static struct mark mark_of(const struct solver *s)
{
	return (struct mark){ s->plan->on.nr, s->plan->off.nr, s->plan->y.nr, s->plan->arches.nr,
			      s->plan->why.len };
}

static void truncate_vec(struct strvec *v, size_t nr)
{
	while (v->nr > nr) {
		free(v->v[--v->nr]);
		v->v[v->nr] = NULL;
	}
}

static void rollback(struct solver *s, const struct mark *m, bool keep_why)
{
	truncate_vec(&s->plan->on, m->on);
	truncate_vec(&s->plan->off, m->off);
	truncate_vec(&s->plan->y, m->y);
	if (!keep_why)
		buf_truncate(&s->plan->why, m->why);
}

static void vfail(struct solver *s, const char *fmt, va_list ap)
{
	/* The first reason wins: it is the one deepest in the first path tried. */
	if (!s->plan->why.len)
		buf_vprintf(&s->plan->why, fmt, ap);
}

static bool fail(struct solver *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A path that fails on the solver's reading of the Kconfig language. */
static bool fail(struct solver *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(s, fmt, ap);
	va_end(ap);
	s->doubt = true;
	return false;
}

static bool fail_settled(struct solver *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A path that fails on what the arch itself decides: no setting changes it. */
static bool fail_settled(struct solver *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(s, fmt, ap);
	va_end(ap);
	return false;
}

/* Symbols the solver must not flip: they choose the arch variant itself. */
static bool frozen(const struct kconfig_db *db, const char *sym)
{
	static const char *const names[] = { "64BIT", "32BIT", "X86_32", "X86_64", "CPU_BIG_ENDIAN",
					     "CPU_LITTLE_ENDIAN", "MMU", "SMP", NULL };

	for (size_t i = 0; names[i]; i++)
		if (!strcmp(sym, names[i]))
			return true;
	return strvec_find(&db->word_size, sym) >= 0;
}

static bool need_sym(struct solver *s, const char *sym, int depth);

static bool need_expr(struct solver *s, const struct expr *e, int depth)
{
	struct mark m;

	if (eval(s, e) > 0)
		return true;
	switch (e->op) {
	case E_SYM:
		return need_sym(s, e->sym, depth);
	case E_AND:
		return need_expr(s, e->l, depth) && need_expr(s, e->r, depth);
	case E_OR:
		m = mark_of(s);
		if (need_expr(s, e->l, depth))
			return true;
		rollback(s, &m, true);
		if (need_expr(s, e->r, depth)) {
			buf_truncate(&s->plan->why, m.why);
			return true;
		}
		return false;
	case E_EQ:
	case E_NE:
		if (e->l->sym && e->r->sym && e->op == E_EQ && !strcmp(e->r->sym, "y")) {
			/* X=y: on is not enough when it is m. */
			if (!need_sym(s, e->l->sym, depth))
				return false;
			if (strvec_find(&s->plan->y, e->l->sym) < 0)
				strvec_push(&s->plan->y, e->l->sym);
			return true;
		}
		if (e->l->sym && e->r->sym &&
		    ((e->op == E_EQ && !strcmp(e->r->sym, "m")) ||
		     (e->op == E_NE && !strcmp(e->r->sym, "n"))))
			return need_sym(s, e->l->sym, depth);
		return fail(s, "needs a value of %s that %s's config does not have",
			    e->l->sym ? e->l->sym : "?", s->db->srcarch);
	case E_NOT:
		if (e->l->op == E_SYM && on_in_config(s, e->l->sym))
			return fail_settled(s, "excluded by !%s, which is on for %s", e->l->sym,
					    s->db->srcarch);
		if (e->l->op == E_SYM)
			return fail(s, "excluded by !%s, which is on for %s", e->l->sym, s->db->srcarch);
		return fail(s, "excluded by a !(...) condition on %s", s->db->srcarch);
	case E_TRUE:
		break;
	}
	return true;
}

static bool need_text(struct solver *s, const char *text, int depth)
{
	struct expr *e = expr_parse(text);
	bool ok = need_expr(s, e, depth);

	expr_free(e);
	return ok;
}

/* The arches whose Kconfig defines `sym`, suggested: whether there is one. */
static bool suggest_arches(struct solver *s, const char *sym)
{
	size_t n = strlen(sym);
	bool any = false;

	for (size_t i = 0; i < s->db->elsewhere.nr; i++) {
		const char *l = s->db->elsewhere.v[i];

		if (strncmp(l, sym, n) || l[n] != ' ')
			continue;
		any = true;
		if (strvec_find(&s->plan->arches, l + n + 1) < 0)
			strvec_push(&s->plan->arches, l + n + 1);
	}
	return any;
}

/*
 * A symbol this arch's Kconfig does not define: settled when another
 * arch's defines it (this one never reads that file), a doubt otherwise.
 */
static bool not_here(struct solver *s, const char *sym)
{
	if (suggest_arches(s, sym))
		return fail_settled(s, "needs %s, which is not in the Kconfig of %s", sym,
				    s->db->srcarch);
	return fail(s, "needs %s, which is not in the Kconfig of %s", sym, s->db->srcarch);
}

static bool all_conds(struct solver *s, const struct entry *e, int depth)
{
	for (size_t i = 0; i < e->conds.nr; i++)
		if (!need_text(s, e->conds.v[i], depth))
			return false;
	return true;
}

/* The other members of its choice go off. */
static void leave_choice(struct solver *s, const struct entry *e)
{
	for (size_t i = 0; e->choice >= 0 && i < s->db->nr; i++) {
		const char *name = s->db->v[i].name;

		if (s->db->v[i].choice == e->choice && strcmp(name, e->name) &&
		    strvec_find(&s->plan->off, name) < 0)
			strvec_push(&s->plan->off, name);
	}
}

/* Whether its definitions' dependencies can be met: what an imply needs. */
static bool any_conds(struct solver *s, const char *sym, int depth)
{
	for (size_t i = 0; i < s->db->nr; i++) {
		struct mark m = mark_of(s);

		if (strcmp(s->db->v[i].name, sym))
			continue;
		if (all_conds(s, &s->db->v[i], depth))
			return true;
		rollback(s, &m, true);
	}
	return false;
}

/*
 * Something that selects `sym`, or implies it, brought on.  An imply sets
 * only the default: `sym`'s own dependencies must hold too.
 */
static bool by_reverse(struct solver *s, const char *sym, bool imply, int depth)
{
	for (size_t i = 0; i < s->db->nr; i++) {
		const struct entry *e = &s->db->v[i];
		const struct strvec *lines = imply ? &e->implies : &e->selects;

		for (size_t k = 0; k < lines->nr; k++) {
			const char *cond;
			struct mark m = mark_of(s);

			if (!names_sym(lines->v[k], sym))
				continue;
			cond = strstr(lines->v[k], " if ");
			if (need_sym(s, e->name, depth + 1) &&
			    (!cond || need_text(s, cond + 4, depth + 1)) &&
			    (!imply || any_conds(s, sym, depth + 1))) {
				buf_truncate(&s->plan->why, m.why);
				return true;
			}
			rollback(s, &m, true);
		}
	}
	return false;
}

/* A prompt shows only where its "if" and its menus' "visible if" hold. */
static bool prompt_shows(struct solver *s, const struct entry *e, int depth)
{
	for (size_t i = 0; i < e->visible.nr; i++)
		if (!need_text(s, e->visible.v[i], depth))
			return false;
	return true;
}

static bool need_sym(struct solver *s, const char *sym, int depth)
{
	struct buf v = BUF_INIT;
	struct mark m = mark_of(s);
	bool any = false, ok = false, prompt = false;

	value_of(&v, s->config, sym);
	ok = !strcmp(v.ptr, "y") || !strcmp(v.ptr, "m") || planned(s, sym);
	buf_release(&v);
	if (ok)
		return true;
	if (!strcmp(sym, "n"))
		return fail_settled(s, "needs a condition that is never true");
	if (depth > MAX_DEPTH)
		return fail(s, "%s lies too deep in the dependencies to solve", sym);
	if (frozen(s->db, sym))
		return fail_settled(s, "needs %s, which the %s config sets the other way", sym,
				    s->db->srcarch);
	for (size_t i = 0; i < s->db->nr; i++)
		any = any || !strcmp(s->db->v[i].name, sym);
	if (!any)
		return not_here(s, sym);
	strvec_push(&s->plan->on, sym);
	/* A visible definition whose dependencies can be met. */
	for (size_t i = 0; i < s->db->nr && !ok; i++) {
		const struct entry *e = &s->db->v[i];

		if (strcmp(e->name, sym) || !e->prompt)
			continue;
		if (!prompt_shows(s, e, depth + 1)) {
			/* A hidden prompt: the symbol takes its default, or a select. */
			rollback(s, &(struct mark){ m.on + 1, m.off, m.y, m.arches, 0 }, true);
			continue;
		}
		prompt = true;
		if ((ok = all_conds(s, e, depth + 1)))
			leave_choice(s, e);
		else
			rollback(s, &(struct mark){ m.on + 1, m.off, m.y, m.arches, 0 }, true);
	}
	/* Invisible: a default that holds, or something that selects it. */
	for (size_t i = 0; i < s->db->nr && !ok && !prompt; i++) {
		const struct entry *e = &s->db->v[i];

		for (size_t k = 0; k < e->defaults.nr && !ok && !strcmp(e->name, sym); k++) {
			if (!(ok = need_text(s, e->defaults.v[k], depth + 1) &&
				   all_conds(s, e, depth + 1)))
				rollback(s, &(struct mark){ m.on + 1, m.off, m.y, m.arches, 0 }, true);
		}
	}
	if (!ok && !prompt)
		ok = by_reverse(s, sym, false, depth) || by_reverse(s, sym, true, depth);
	if (!ok) {
		rollback(s, &m, true);
		if (!prompt)
			fail(s, "needs %s, which has no prompt and nothing on %s selects or implies it",
			     sym, s->db->srcarch);
	} else {
		buf_truncate(&s->plan->why, m.why);
	}
	return ok;
}

bool kconfig_solve(struct kconfig_plan *plan, struct kconfig_db *db, const char *config,
		   const char *symbol)
{
	struct solver s = { db, config, plan, false };
	bool ok = need_sym(&s, symbol, 0);

	plan->settled = !ok && !s.doubt;
	return ok;
}

void kconfig_plan_release(struct kconfig_plan *plan)
{
	strvec_clear(&plan->on);
	strvec_clear(&plan->off);
	strvec_clear(&plan->y);
	buf_release(&plan->why);
	strvec_clear(&plan->arches);
}
