/*
 * Reading a verify boot's console: the kernel's splats (WARN, BUG,
 * lockdep, "sleeping function called from invalid context", "using
 * smp_processor_id() in preemptible", Oops, a crypto self-test failure)
 * and the KMAP-VERIFY lines of verify/init.c.
 */
#include "error.h"
#include "verify.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SPLAT_LINES 16
#define MARK "KMAP-VERIFY "

/* The header lines that start a splat. */
static const char *const splat_starts[] = {
	"WARNING: ",				/* WARN*() and lockdep reports */
	"BUG: ",				/* sleeping, smp_processor_id, bad page, ... */
	"kernel BUG at ",
	"Oops: ",
	"general protection fault",
	"Unable to handle kernel",
	"INFO: possible ",			/* lockdep */
	"INFO: trying to register non-static key",
	"alg: self-tests for ",			/* crypto self-test failures */
	"Kernel panic - not syncing",
	NULL,
};

/* A line without its "[    1.234567] " timestamp. */
static const char *strip_time(const char *l)
{
	const char *p = l;

	if (*p != '[')
		return l;
	p++;
	p += strspn(p, " ");
	p += strspn(p, "0123456789.");
	return *p == ']' ? p + 1 + strspn(p + 1, " ") : l;
}

static bool starts_splat(const char *l)
{
	if (!strncmp(l, "alg: self-tests for ", 20))
		return strstr(l, " failed") != NULL;
	for (size_t i = 0; splat_starts[i]; i++)
		if (!strncmp(l, splat_starts[i], strlen(splat_starts[i])))
			return true;
	return false;
}

/* The header without numbers (CPU, PID, line numbers, offsets). */
static char *splat_key(const char *l)
{
	struct buf k = BUF_INIT;

	for (const char *p = l; *p;) {
		if (p[0] == '0' && p[1] == 'x') {
			p += 2;
			p += strspn(p, "0123456789abcdefABCDEF");
		} else {
			if (!isdigit((unsigned char)*p))
				buf_putc(&k, *p);
			p++;
		}
	}
	buf_rtrim(&k);
	return buf_detach(&k, NULL);
}

static struct splat *add_splat(struct boot *b, const char *header)
{
	struct splat *s;

	ALLOC_GROW(b->splats, b->nr_splats, b->alloc_splats);
	s = &b->splats[b->nr_splats++];
	s->key = splat_key(header);
	s->text = xstrdup(header);
	s->workload = b->current ? xstrdup(b->current) : NULL;
	return s;
}

static void append_line(struct splat *s, const char *l)
{
	size_t n = strlen(s->text);
	char *t = xmalloc(n + strlen(l) + 2);

	memcpy(t, s->text, n);
	t[n] = '\n';
	strcpy(t + n + 1, l);
	free(s->text);
	s->text = t;
}

static struct fn_hits *find_hits(struct boot *b, const char *name, size_t n)
{
	for (size_t i = 0; i < b->nr_hits; i++)
		if (strlen(b->hits[i].name) == n && !strncmp(b->hits[i].name, name, n))
			return &b->hits[i];
	ALLOC_GROW(b->hits, b->nr_hits, b->alloc_hits);
	b->hits[b->nr_hits] = (struct fn_hits){ xstrndup(name, n), 0 };
	return &b->hits[b->nr_hits++];
}

/*
 * A count that would wrap stays at the largest: a console line with an
 * absurd number must not make a function look unreached.
 */
static unsigned long add_count(unsigned long a, unsigned long b)
{
	return a > ULONG_MAX - b ? ULONG_MAX : a + b;
}

static bool is_ident(const char *s, size_t n)
{
	if (!n || isdigit((unsigned char)*s))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

bool verify_parse_profile_line(struct boot *b, const char *line)
{
	const char *p = line + strspn(line, " \t"), *num;
	size_t n = strcspn(p, " \t");
	struct fn_hits *h;
	char *end;
	unsigned long hits;

	if (!is_ident(p, n))
		return false;
	num = p + n + strspn(p + n, " \t");
	if (!isdigit((unsigned char)*num))
		return false;
	hits = strtoul(num, &end, 10);
	if (*end && *end != ' ' && *end != '\t')
		return false;
	/* "name.isra.0", "name.constprop.0": copies gcc made of the function */
	if (memchr(p, '.', n))
		n = (size_t)((const char *)memchr(p, '.', n) - p);
	h = find_hits(b, p, n);
	h->hits = add_count(h->hits, hits);
	return true;
}

/* "gcda PATH LEN": a dump begins; one of the same run before it is replaced. */
static void gcda_begin(struct boot *b, const char *m)
{
	const char *sp = strrchr(m, ' ');
	struct gcda *g = NULL;
	char *end;
	unsigned long want;

	b->gcda_open = 0;
	if (!sp || sp == m || !isdigit((unsigned char)sp[1]))
		return;
	want = strtoul(sp + 1, &end, 10);
	if (*end || want > (64u << 20))
		return;
	for (size_t i = 0; i < b->nr_gcda && !g; i++)
		if (b->gcda[i].run == b->runs && strlen(b->gcda[i].path) == (size_t)(sp - m) &&
		    !strncmp(b->gcda[i].path, m, (size_t)(sp - m)))
			g = &b->gcda[i];
	if (!g) {
		ALLOC_GROW(b->gcda, b->nr_gcda, b->alloc_gcda);
		g = &b->gcda[b->nr_gcda++];
		*g = (struct gcda){ xstrndup(m, (size_t)(sp - m)), b->runs, 0, BUF_INIT };
	}
	buf_reset(&g->data);
	g->want = want;
	b->gcda_open = (size_t)(g - b->gcda) + 1;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "gcdax HEX": the next bytes of the open dump; a bad line spoils it. */
static void gcda_bytes(struct boot *b, const char *hex)
{
	struct gcda *g = b->gcda_open ? &b->gcda[b->gcda_open - 1] : NULL;

	for (; g && *hex; hex += 2) {
		int hi = hex_digit(hex[0]), lo = hi < 0 ? -1 : hex_digit(hex[1]);

		if (lo < 0 || g->data.len >= g->want) {
			g->want = SIZE_MAX;	/* never whole */
			b->gcda_open = 0;
			return;
		}
		buf_putc(&g->data, (char)(hi << 4 | lo));
	}
}

/* "KMAP-VERIFY ..." lines from init. */
static void parse_mark(struct boot *b, const char *m)
{
	if (!strcmp(m, "init"))
		b->init_ran = true;
	else if (!strcmp(m, "done"))
		b->done = true;
	else if (!strncmp(m, "untraceable ", 12) && strvec_find(&b->untraceable, m + 12) < 0)
		strvec_push(&b->untraceable, m + 12);
	else if (!strncmp(m, "result ", 7))
		strvec_push(&b->results, m + 7);
	else if (!strncmp(m, "begin ", 6)) {
		if (strvec_find(&b->begun, m + 6) < 0)
			strvec_push(&b->begun, m + 6);
		free(b->current);
		b->current = xstrdup(m + 6);
	}
	else if (!strncmp(m, "hits ", 5) || !strncmp(m, "boot ", 5))
		verify_parse_profile_line(b, m + 5);
	else if (!strncmp(m, "gcda ", 5))
		gcda_begin(b, m + 5);
	else if (!strncmp(m, "gcdax ", 6))
		gcda_bytes(b, m + 6);
	else if (!strcmp(m, "gcda-end"))
		b->gcda_open = 0;
}

void verify_parse_console(struct boot *b, const char *console)
{
	struct ktap_reader ktap = KTAP_READER_INIT;
	struct splat *cur = NULL;
	size_t cur_lines = 0;

	free(b->current);	/* a new run of the kernel: no workload yet */
	b->current = NULL;
	b->gcda_open = 0;
	for (const char *p = console; *p;) {
		const char *nl = strchrnul(p, '\n');
		char *raw = xstrndup(p, (size_t)(nl - p)), *l;

		for (size_t n = strlen(raw); n && strchr("\r ", raw[n - 1]); n--)
			raw[n - 1] = '\0';
		ktap_read_line(&ktap, &b->kunit, raw);
		l = (char *)strip_time(raw);
		if (!strncmp(l, MARK, strlen(MARK))) {
			parse_mark(b, l + strlen(MARK));
			cur = NULL;
		} else if (starts_splat(l)) {
			if (!strncmp(l, "Kernel panic", 12))
				b->panicked = true;
			if (!b->panicked || !b->nr_splats || strncmp(l, "Kernel panic", 12)) {
				cur = add_splat(b, l);
				cur_lines = 1;
			}
		} else if (cur && cur_lines < SPLAT_LINES && *l) {
			append_line(cur, l);
			cur_lines++;
			if (strstr(l, "---[ end trace"))
				cur = NULL;
		}
		free(raw);
		p = *nl ? nl + 1 : nl;
	}
	ktap_read_end(&ktap, &b->kunit);
}

/* trace_stat/function* prints names with "%-30.30s": longer ones are cut. */
#define PROFILE_NAME_MAX 30

unsigned long boot_hits(const struct boot *b, const char *function)
{
	unsigned long hits = 0;

	for (size_t i = 0; i < b->nr_hits; i++)
		if (!strcmp(b->hits[i].name, function))
			hits = add_count(hits, b->hits[i].hits);
		else if (strlen(function) > PROFILE_NAME_MAX &&
			 strlen(b->hits[i].name) == PROFILE_NAME_MAX &&
			 !strncmp(b->hits[i].name, function, PROFILE_NAME_MAX))
			hits = add_count(hits, b->hits[i].hits);	/* the profiler's cut name */
	return hits;
}

void boot_add_gcov(struct boot *b, const char *object, const char *function,
		   unsigned long count)
{
	for (size_t i = 0; i < b->nr_gcov; i++)
		if (!strcmp(b->gcov[i].object, object) && !strcmp(b->gcov[i].name, function)) {
			b->gcov[i].count = add_count(b->gcov[i].count, count);
			return;
		}
	ALLOC_GROW(b->gcov, b->nr_gcov, b->alloc_gcov);
	b->gcov[b->nr_gcov++] = (struct gcov_count){ xstrdup(object), xstrdup(function), count };
}

bool boot_gcov(const struct boot *b, const char *object, const char *function,
	       unsigned long *out)
{
	for (size_t i = 0; i < b->nr_gcov; i++)
		if (!strcmp(b->gcov[i].object, object) && !strcmp(b->gcov[i].name, function)) {
			*out = b->gcov[i].count;
			return true;
		}
	return false;
}

const char *boot_result(const struct boot *b, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < b->results.nr; i++)
		if (!strncmp(b->results.v[i], name, n) && b->results.v[i][n] == ' ')
			return b->results.v[i] + n + 1;
	return NULL;
}

void boot_remaining(struct strvec *out, const struct boot *b, const struct strvec *selected)
{
	for (size_t i = 0; i < selected->nr; i++)
		if (strvec_find(&b->begun, selected->v[i]) < 0)
			strvec_push(out, selected->v[i]);
}

void boot_release(struct boot *b)
{
	for (size_t i = 0; i < b->nr_splats; i++) {
		free(b->splats[i].key);
		free(b->splats[i].text);
		free(b->splats[i].workload);
	}
	free(b->splats);
	for (size_t i = 0; i < b->nr_hits; i++)
		free(b->hits[i].name);
	free(b->hits);
	for (size_t i = 0; i < b->nr_gcda; i++) {
		free(b->gcda[i].path);
		buf_release(&b->gcda[i].data);
	}
	free(b->gcda);
	for (size_t i = 0; i < b->nr_gcov; i++) {
		free(b->gcov[i].object);
		free(b->gcov[i].name);
	}
	free(b->gcov);
	strvec_clear(&b->untraceable);
	strvec_clear(&b->results);
	strvec_clear(&b->begun);
	free(b->current);
	ktap_results_release(&b->kunit);
	*b = (struct boot)BOOT_INIT;
}
