#include "maintainers.h"
#include "error.h"
#include "repo.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct maint_entry {
	char type;			/* 'M', 'F', ... */
	char *value;			/* F:/X: already turned into a regex */
	unsigned line;
	char *glob;			/* F:/X: with only * and ? special; or NULL */
	pcre2_code *re;			/* N:, and F:/X: that are not plain globs */
	char *literal;			/* F:/X: prefix every match starts with */
	bool literal_only;		/* the whole pattern is that literal */
	int slashes;
	bool gave_up;			/* re hit a limit (and said so) */
};

/*
 * Bounds on one pcre2_match() of an N: (or non-glob F:/X:) regex against a
 * path: a pattern that backtracks past them is a warning and no match.
 * Patterns like the kernel's need a few dozen steps.
 */
#define MATCH_LIMIT 10000
#define DEPTH_LIMIT 1000

struct mailmap_entry {
	char *key;			/* "address" or "Name <address>" */
	char *name;			/* NULL: keep the name */
	char *address;			/* NULL: keep the address */
};

static const char valid_types[] = "MRLSWQBCPTFXNK";
static const char penguin[] = "Linus Torvalds <torvalds@linux-foundation.org>";

static int count_char(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/*
 * Regex syntax other than the script's own '.', '*' and '?': a pattern
 * without it is a plain glob and is matched as one (glob_match()).
 */
static bool plain_glob(const char *pattern)
{
	return !pattern[strcspn(pattern, "+()[]{}|^$\\")];
}

/* get_maintainer.pl: s/\./\\./g; s/\*\/.*\/g; s/\?/./g */
static char *glob_to_regex(const char *glob)
{
	struct buf b = BUF_INIT;

	for (const char *p = glob; *p; p++) {
		if (*p == '.')
			buf_puts(&b, "\\.");
		else if (*p == '*')
			buf_puts(&b, ".*");
		else if (*p == '?')
			buf_putc(&b, '.');
		else
			buf_putc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

static bool tree_has_dir(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	bool dir;

	if (!tree || !*path || git_tree_entry_bypath(&e, tree, path) < 0)
		return false;
	dir = git_tree_entry_type(e) == GIT_OBJECT_TREE;
	git_tree_entry_free(e);
	return dir;
}

/* The literal text a regex made by glob_to_regex() must start with. */
static void literal_prefix(struct maint_entry *e)
{
	struct buf b = BUF_INIT;
	const char *p = e->value;

	for (; *p; p++) {
		if (p[0] == '\\' && p[1] == '.') {
			buf_putc(&b, '.');
			p++;
		} else if (strchr(".*?+()[]{}|^$\\", *p)) {
			break;
		} else {
			buf_putc(&b, *p);
		}
	}
	e->literal_only = !*p;
	e->literal = buf_detach(&b, NULL);
}

static int compile_entry(struct maint_entry *e)
{
	uint32_t flags = e->type == 'N' ? PCRE2_EXTENDED : PCRE2_ANCHORED;
	PCRE2_SIZE off;
	int code;

	if (e->glob)
		goto out;
	e->re = pcre2_compile((PCRE2_SPTR)e->value, PCRE2_ZERO_TERMINATED, flags, &code,
			      &off, NULL);
	if (!e->re) {
		PCRE2_UCHAR msg[120];

		pcre2_get_error_message(code, msg, sizeof(msg));
		warning("MAINTAINERS:%u: ignoring %c: pattern '%s': %s", e->line, e->type,
			e->value, (char *)msg);
		return -1;
	}
out:
	if (e->type != 'N')
		literal_prefix(e);
	e->slashes = count_char(e->value, '/');
	return 0;
}

static struct maint_section *new_section(struct maintainers *m, const char *name,
					 size_t len, unsigned line)
{
	struct maint_section *s;

	ALLOC_GROW(m->v, m->nr, m->alloc);
	s = &m->v[m->nr++];
	*s = (struct maint_section){ xstrndup(name, len), line, NULL, 0, 0 };
	return s;
}

static void add_entry(struct maintainers *m, struct maint_section *s, char type,
		      const char *value, unsigned line, git_tree *tree)
{
	struct maint_entry e = { type, NULL, line, NULL, NULL, NULL, false, 0, false };

	if (type == 'F' || type == 'X') {
		e.value = glob_to_regex(value);
		if (plain_glob(value))
			e.glob = xstrdup(value);
		if (*e.value && e.value[strlen(e.value) - 1] != '/' &&
		    tree_has_dir(tree, e.value)) {
			struct buf dir = BUF_INIT;

			buf_printf(&dir, "%s/", e.value);
			free(e.value);
			e.value = buf_detach(&dir, NULL);
			if (e.glob) {
				buf_printf(&dir, "%s/", e.glob);
				free(e.glob);
				e.glob = buf_detach(&dir, NULL);
			}
		}
	} else {
		e.value = xstrdup(value);
	}
	if (type == 'L' && !memchr(value, '@', strcspn(value, " \t"))) {
		warning("MAINTAINERS:%u: list '%s' does not start with an address;"
			" get_maintainer.pl ignores it, so does kmap-local", line, value);
		m->warnings++;
	}
	if ((type == 'F' || type == 'X' || type == 'N') && compile_entry(&e) < 0) {
		m->warnings++;
		free(e.value);
		free(e.glob);
		return;
	}
	ALLOC_GROW(s->v, s->nr, s->alloc);
	s->v[s->nr++] = e;
}

static bool is_blank_or_comment(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p == end || *p == '#';
}

/* "X:\s*value", as get_maintainer.pl's m/^([A-Z]):\s*(.*)/ */
static bool is_type_line(const char *p, const char *end)
{
	return end - p >= 2 && isupper((unsigned char)p[0]) && p[1] == ':';
}

static void parse_type_line(struct maintainers *m, struct maint_section *s, const char *p,
			    const char *end, unsigned line, git_tree *tree)
{
	char type = p[0];
	char *value;

	p += 2;
	while (p < end && isspace((unsigned char)*p))
		p++;
	value = xstrndup(p, (size_t)(end - p));
	if (!strchr(valid_types, type)) {
		warning("MAINTAINERS:%u: unknown entry type '%c:' (kept, never used)", line, type);
		m->warnings++;
	} else if (!*value && strchr("FXNML", type)) {
		warning("MAINTAINERS:%u: '%c:' without a value is ignored", line, type);
		m->warnings++;
		free(value);
		return;
	}
	if (!s) {
		warning("MAINTAINERS:%u: '%c:' entry before any section name is ignored", line,
			type);
		m->warnings++;
	} else {
		add_entry(m, s, type, value, line, tree);
	}
	free(value);
}

/*
 * Section names follow a blank line and precede their entries; outside the
 * preamble, a text line inside a section or right after a name is a typo.
 * get_maintainer.pl reads such a line as the name of a new section, and so
 * do we, after saying so.
 */
static void warn_malformed(struct maintainers *m, const char *p, const char *eol,
			   unsigned line, const struct maint_section *cur)
{
	warning("MAINTAINERS:%u: malformed line '%.*s' in section '%s' (expected 'X: value');"
		" it starts a new section", line, (int)(eol - p), p, cur->name);
	m->warnings++;
}

int maintainers_parse(struct maintainers *m, const char *text, size_t len, git_tree *tree)
{
	const char *p = text, *end = text + len;
	struct maint_section *cur = NULL;
	bool in_section = false, seen_entry = false;
	unsigned line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		line++;
		if (eol > p && eol[-1] == '\r')
			eol--;
		if (is_type_line(p, eol)) {
			parse_type_line(m, cur, p, eol, line, tree);
			in_section = cur != NULL;
			seen_entry = true;
		} else if (!is_blank_or_comment(p, eol)) {
			if (in_section && seen_entry)
				warn_malformed(m, p, eol, line, cur);
			cur = new_section(m, p, (size_t)(eol - p), line);
			in_section = true;
		} else {
			in_section = false;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Does `piece` (n bytes, '?' matching any byte) match at s? */
static bool piece_at(const char *s, const char *piece, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (piece[i] != '?' && piece[i] != s[i])
			return false;
	return true;
}

/*
 * m@^regex@ for the regex glob_to_regex() makes of a plain glob, without
 * backtracking: the pieces between stars match in order, the first at the
 * start, each later one at its leftmost place after the one before (a
 * later place never helps, as the match need not reach the end).  As '.'
 * in the regex, neither '*' nor '?' matches a newline.  O(len * pattern).
 */
static bool glob_match(const char *glob, const char *path, size_t len)
{
	const char *nl = memchr(path, '\n', len);
	size_t end = nl ? (size_t)(nl - path) : len, at = 0;

	for (const char *g = glob;; g++) {
		size_t n = strcspn(g, "*");

		if (g == glob) {
			if (n > end || !piece_at(path, g, n))
				return false;
		} else {
			while (at + n <= end && !piece_at(path + at, g, n))
				at++;
			if (at + n > end)
				return false;
		}
		at += n;
		g += n;
		if (!*g)
			return true;
	}
}

/* pcre2_match() within the limits above; giving up is a warning, once. */
static bool regex_matches(struct maint_entry *e, const char *path, size_t len)
{
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(e->re, NULL);
	int rc;

	if (!mc || !md)
		BUG("out of memory matching MAINTAINERS:%u", e->line);
	pcre2_set_match_limit(mc, MATCH_LIMIT);
	pcre2_set_depth_limit(mc, DEPTH_LIMIT);
	rc = pcre2_match(e->re, (PCRE2_SPTR)path, len, 0, 0, md, mc);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && !e->gave_up) {
		PCRE2_UCHAR msg[120];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		warning("MAINTAINERS:%u: %c: pattern '%s' is too costly to match against '%s'"
			" (%s); taken as no match", e->line, e->type, e->value, path, (char *)msg);
		e->gave_up = true;
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	return rc >= 0;
}

static bool pattern_matches(struct maint_entry *e, const char *path, size_t len)
{
	if (strncmp(path, e->literal, strlen(e->literal)))
		return false;
	if (e->literal_only)
		return true;
	if (e->glob)
		return glob_match(e->glob, path, len);
	return regex_matches(e, path, len);
}

/* get_maintainer.pl's file_match_pattern() */
static bool file_matches(struct maint_entry *e, const char *path, int path_slashes)
{
	size_t n = strlen(e->value);

	if (!pattern_matches(e, path, strlen(path)))
		return false;
	return (n && e->value[n - 1] == '/') || e->slashes == path_slashes;
}

static int pattern_depth(const struct maint_entry *e)
{
	size_t n = strlen(e->value);
	int depth = e->slashes;

	if (!n || e->value[n - 1] != '/')
		depth++;
	if (!strncmp(e->value, ".*", 2))
		depth = -1;
	return depth;
}

static bool section_excludes(const struct maint_section *s, const char *path, int slashes)
{
	for (size_t i = 0; i < s->nr; i++)
		if (s->v[i].type == 'X' && file_matches(&s->v[i], path, slashes))
			return true;
	return false;
}

/* The depth of the last matching F:/N: entry, as the script's %hash keeps it. */
static bool section_depth(int *out, const struct maint_section *s, const char *path,
			  int slashes)
{
	bool hit = false;

	for (size_t i = 0; i < s->nr; i++) {
		struct maint_entry *e = &s->v[i];

		if (e->type == 'F' && file_matches(e, path, slashes)) {
			*out = pattern_depth(e);
			hit = true;
		} else if (e->type == 'N' && regex_matches(e, path, strlen(path))) {
			*out = 0;
			hit = true;
		}
	}
	return hit;
}

static int by_depth(const void *a, const void *b)
{
	const struct maint_match *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth > y->depth ? -1 : 1;
	return x->section < y->section ? -1 : x->section > y->section;
}

void maintainers_match(struct maint_matches *out, const struct maintainers *m, const char *path)
{
	int slashes = count_char(path, '/');

	out->nr = 0;
	for (size_t i = 0; i < m->nr; i++) {
		const struct maint_section *s = &m->v[i];
		int depth;

		if (section_excludes(s, path, slashes) || !section_depth(&depth, s, path, slashes))
			continue;
		ALLOC_GROW(out->v, out->nr, out->alloc);
		out->v[out->nr++] = (struct maint_match){ s, depth };
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), by_depth);
}

const char *maint_section_tree(const struct maint_section *s)
{
	for (size_t i = 0; i < s->nr; i++)
		if (s->v[i].type == 'T')
			return s->v[i].value;
	return NULL;
}

/* E-mail addresses, the way get_maintainer.pl's parse_email/format_email see them. */

struct person {
	char *name;
	char *address;
};

static char *trim_dup(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(p, (size_t)(end - p));
}

static bool needs_quotes(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!isalnum(*p) && *p != '_' && *p != ' ' && *p != '-')
			return true;
	return false;
}

/* Strip one leading and one trailing '"', then quote when needed. */
static char *normalize_name(char *name)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(name);
	char *p = name;

	if (n && p[n - 1] == '"')
		p[--n] = '\0';
	if (*p == '"')
		p++;
	if (!needs_quotes(p)) {
		buf_puts(&b, p);
	} else {
		buf_putc(&b, '"');
		for (size_t i = 0; p[i]; i++) {
			if (p[i] == '"' && (i == 0 || p[i - 1] != '\\'))
				buf_putc(&b, '\\');
			buf_putc(&b, p[i]);
		}
		buf_putc(&b, '"');
	}
	free(name);
	return buf_detach(&b, NULL);
}

static void parse_email(struct person *out, const char *s)
{
	const char *lt = strchr(s, '<'), *gt = strrchr(s, '>'), *at;
	const char *end = s + strlen(s);

	out->name = NULL;
	if (lt && gt > lt && memchr(lt, '@', (size_t)(gt - lt))) {
		out->name = trim_dup(s, lt);
		out->address = trim_dup(lt + 1, gt);
	} else if ((at = strrchr(s, '@')) && at > s) {
		const char *stop = at;

		while (*stop && !isspace((unsigned char)*stop))
			stop++;
		out->address = trim_dup(s, stop);
	} else {
		out->address = trim_dup(end, end);
	}
	out->name = normalize_name(out->name ? out->name : xstrdup(""));
}

static char *format_email(const char *name, const char *address)
{
	struct buf b = BUF_INIT;

	if (*name)
		buf_printf(&b, "%s <%s>", name, address);
	else
		buf_puts(&b, address);
	return buf_detach(&b, NULL);
}

static void person_release(struct person *p)
{
	free(p->name);
	free(p->address);
}

static void add_mailmap(struct maintainers *m, char *key, const char *name,
			const char *address)
{
	ALLOC_GROW(m->map, m->map_nr, m->map_alloc);
	m->map[m->map_nr++] = (struct mailmap_entry){
		key, name ? xstrdup(name) : NULL, address ? xstrdup(address) : NULL
	};
}

/* One .mailmap line, in the four forms git-shortlog(1) describes. */
static void parse_mailmap_line(struct maintainers *m, const char *line)
{
	const char *lt1 = strchr(line, '<'), *gt1 = lt1 ? strchr(lt1, '>') : NULL;
	const char *lt2 = gt1 ? strchr(gt1, '<') : NULL, *gt2 = lt2 ? strchr(lt2, '>') : NULL;
	char *name1 = lt1 ? trim_dup(line, lt1) : NULL;
	char *addr1 = gt1 ? xstrndup(lt1 + 1, (size_t)(gt1 - lt1 - 1)) : NULL;
	struct person real = { NULL, NULL };

	if (!gt1)
		goto out;
	if (*name1) {
		char *tmp = format_email(name1, addr1);

		parse_email(&real, tmp);
		free(tmp);
	}
	if (!gt2) {
		if (*name1)
			add_mailmap(m, xstrdup(real.address), real.name, NULL);
	} else {
		char *name2 = trim_dup(gt1 + 1, lt2);
		char *addr2 = xstrndup(lt2 + 1, (size_t)(gt2 - lt2 - 1));

		if (!*name2) {
			add_mailmap(m, xstrdup(addr2), *name1 ? real.name : NULL,
				    *name1 ? real.address : addr1);
		} else {
			struct person wrong;
			char *tmp = format_email(name2, addr2);

			parse_email(&wrong, tmp);
			add_mailmap(m, format_email(wrong.name, wrong.address), real.name,
				    real.address);
			person_release(&wrong);
			free(tmp);
		}
		free(name2);
		free(addr2);
	}
out:
	person_release(&real);
	free(name1);
	free(addr1);
}

void maintainers_parse_mailmap(struct maintainers *m, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *hash = memchr(p, '#', (size_t)(eol - p));
		char *line = trim_dup(p, hash ? hash : eol);

		if (*line)
			parse_mailmap_line(m, line);
		free(line);
		p = nl ? nl + 1 : end;
	}
}

/* Later lines win, as they overwrite the script's hash. */
static const struct mailmap_entry *mailmap_find(const struct maintainers *m, const char *key,
						 bool want_name)
{
	for (size_t i = m->map_nr; i-- > 0;)
		if (!strcmp(m->map[i].key, key) &&
		    (want_name ? m->map[i].name != NULL : m->map[i].address != NULL))
			return &m->map[i];
	return NULL;
}

static void mailmap_person(const struct maintainers *m, struct person *p)
{
	char *email = format_email(p->name, p->address);
	const struct mailmap_entry *n = mailmap_find(m, email, true);
	const struct mailmap_entry *a = mailmap_find(m, email, false);

	if (!n && !a) {
		n = mailmap_find(m, p->address, true);
		a = mailmap_find(m, p->address, false);
	}
	if (n) {
		free(p->name);
		p->name = xstrdup(n->name);
	}
	if (a) {
		free(p->address);
		p->address = xstrdup(a->address);
	}
	free(email);
}

/* What the script accumulates over the files of one call. */
struct collect {
	const struct maintainers *m;
	struct strvec people;		/* formatted, in order */
	struct strvec names, addresses;	/* lower-cased, for email_inuse() */
	struct strvec lists, list_keys;
};

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

static bool seen(struct strvec *set, const char *s)
{
	char *low = xstrdup(s);
	bool found;

	lower(low);
	found = strvec_find(set, low) >= 0;
	if (!found && *low)
		strvec_push(set, low);
	free(low);
	return found;
}

static bool in_set(const struct strvec *set, const char *s)
{
	char *low = xstrdup(s);
	bool found;

	lower(low);
	found = strvec_find(set, low) >= 0;
	free(low);
	return found;
}

static void push_person(struct collect *c, const char *value)
{
	struct person p;

	parse_email(&p, value);
	if (*p.address && !(*p.name && in_set(&c->names, p.name)) &&
	    !in_set(&c->addresses, p.address)) {
		char *email = format_email(p.name, p.address);

		strvec_push(&c->people, email);
		free(email);
		seen(&c->names, p.name);
		seen(&c->addresses, p.address);
	}
	person_release(&p);
}

/* "A <a@x>, B <b@y>" holds two people; split at commas outside quotes and <>. */
static void push_people(struct collect *c, const char *value)
{
	const char *start = value;
	bool quoted = false, angle = false;

	for (const char *p = value;; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '<')
			angle = true;
		else if (*p == '>')
			angle = false;
		if (*p == '\0' || (*p == ',' && !quoted && !angle)) {
			char *one = xstrndup(start, (size_t)(p - start));

			push_person(c, one);
			free(one);
			if (!*p)
				break;
			start = p + 1;
		}
	}
}

static void push_list(struct collect *c, const char *value)
{
	const char *sp = value;
	char *addr;

	while (*sp && !isspace((unsigned char)*sp))
		sp++;
	if (strstr(sp, "subscribers-only"))
		return;
	addr = xstrndup(value, (size_t)(sp - value));
	if (strchr(addr, '@') && !seen(&c->list_keys, addr))
		strvec_push(&c->lists, addr);
	free(addr);
}

static void add_categories(struct collect *c, const struct maint_section *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct maint_entry *e = &s->v[i];

		if (e->type == 'L')
			push_list(c, e->value);
		else if (e->type == 'M' || e->type == 'R')
			push_people(c, e->value);
	}
}

/* deduplicate_email(): mailmap, then one address per name, then mailmap again. */
static void dedup_people(struct collect *c, struct strvec *out)
{
	struct strvec names = STRVEC_INIT, firsts = STRVEC_INIT;

	for (size_t i = 0; i < c->people.nr; i++) {
		struct person p;
		char *email;
		int at;

		parse_email(&p, c->people.v[i]);
		mailmap_person(c->m, &p);
		email = xstrdup(p.name);
		lower(email);
		if (*p.name && (at = strvec_find(&names, email)) >= 0) {
			free(p.address);
			p.address = xstrdup(firsts.v[at]);
		} else if (*p.name) {
			strvec_push(&names, email);
			strvec_push(&firsts, p.address);
		}
		free(email);
		mailmap_person(c->m, &p);
		email = format_email(p.name, p.address);
		if (!strstr(email, penguin) && strvec_find(out, email) < 0)
			strvec_push(out, email);
		free(email);
		person_release(&p);
	}
	strvec_clear(&names);
	strvec_clear(&firsts);
}

void maintainers_recipients(struct recipients *out, const struct maintainers *m,
			    const char *const *paths, size_t nr)
{
	struct collect c = { m, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT,
			     STRVEC_INIT };
	struct maint_matches mm = { NULL, 0, 0 };

	for (size_t f = 0; f < nr; f++) {
		maintainers_match(&mm, m, paths[f]);
		for (size_t i = 0; i < mm.nr; i++)
			add_categories(&c, mm.v[i].section);
	}
	dedup_people(&c, &out->to);
	for (size_t i = 0; i < c.lists.nr; i++)
		if (strvec_find(&out->cc, c.lists.v[i]) < 0)
			strvec_push(&out->cc, c.lists.v[i]);
	maint_matches_release(&mm);
	strvec_clear(&c.people);
	strvec_clear(&c.names);
	strvec_clear(&c.addresses);
	strvec_clear(&c.lists);
	strvec_clear(&c.list_keys);
}

void recipient_address(struct buf *out, const char *formatted)
{
	struct person p;

	parse_email(&p, formatted);
	buf_reset(out);
	buf_puts(out, p.address);
	person_release(&p);
}

static int read_tree_file(struct buf *out, git_repository *git, git_tree *tree,
			  const char *path, bool *found)
{
	git_tree_entry *e = NULL;
	int ret;

	*found = false;
	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	*found = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	ret = *found ? repo_read_blob(out, git, git_tree_entry_id(e)) : 0;
	git_tree_entry_free(e);
	return ret;
}

int maintainers_load(struct maintainers *m, git_repository *git, git_tree *tree)
{
	struct buf text = BUF_INIT;
	bool found;
	int ret;

	if ((ret = read_tree_file(&text, git, tree, "MAINTAINERS", &found)) < 0)
		goto out;
	if (!found) {
		m->missing = true;
		warning("no MAINTAINERS file in the base tree; grouping by directory");
		goto out;
	}
	if ((ret = maintainers_parse(m, text.ptr, text.len, tree)) < 0)
		goto out;
	buf_reset(&text);
	if ((ret = read_tree_file(&text, git, tree, ".mailmap", &found)) < 0)
		goto out;
	if (found)
		maintainers_parse_mailmap(m, text.ptr, text.len);
out:
	buf_release(&text);
	return ret;
}

void maint_matches_release(struct maint_matches *mm)
{
	free(mm->v);
	*mm = (struct maint_matches){ NULL, 0, 0 };
}

void recipients_release(struct recipients *r)
{
	strvec_clear(&r->to);
	strvec_clear(&r->cc);
}

void maintainers_release(struct maintainers *m)
{
	for (size_t i = 0; i < m->nr; i++) {
		struct maint_section *s = &m->v[i];

		for (size_t j = 0; j < s->nr; j++) {
			free(s->v[j].value);
			free(s->v[j].literal);
			free(s->v[j].glob);
			pcre2_code_free(s->v[j].re);
		}
		free(s->v);
		free(s->name);
	}
	for (size_t i = 0; i < m->map_nr; i++) {
		free(m->map[i].key);
		free(m->map[i].name);
		free(m->map[i].address);
	}
	free(m->map);
	free(m->v);
	*m = (struct maintainers)MAINTAINERS_INIT;
}
