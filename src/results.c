#include "results.h"
#include "error.h"
#include "repo.h"

#include <stdlib.h>
#include <string.h>

const char *file_status_name(enum file_status s)
{
	static const char *const names[] = { "ok", "unparsed", "timeout", "failed", "binary" };

	return names[s];
}

struct file_result *results_add(struct results *res, const char *path, const git_oid *id)
{
	struct file_result *f;

	ALLOC_GROW(res->v, res->nr + 1, res->alloc);
	f = &res->v[res->nr++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	git_oid_cpy(&f->id, id);
	f->converted = (struct buf)BUF_INIT;
	f->orig = (struct buf)BUF_INIT;
	return f;
}

void file_result_add_site(struct file_result *f, unsigned line, const char *function,
			  const char *verdict, const char *evidence)
{
	file_result_add_site_at(f, line, 0, function, verdict, evidence);
}

void file_result_add_site_at(struct file_result *f, unsigned line, unsigned col,
			     const char *function, const char *verdict, const char *evidence)
{
	struct site *s;

	ALLOC_GROW(f->sites, f->nr_sites + 1, f->alloc_sites);
	s = &f->sites[f->nr_sites++];
	s->line = line;
	s->col = col;
	s->function = xstrdup(function);
	s->verdict = xstrdup(verdict);
	s->evidence = xstrdup(evidence);
}

bool file_result_add_record(struct file_result *f, const char *record, size_t len)
{
	char *copy = xstrndup(record, len), *field[4], *p = copy;
	int n = 0;

	for (; n < 4 && p; n++) {
		field[n] = p;
		p = n < 3 ? strchr(p, '\t') : NULL;
		if (p)
			*p++ = '\0';
	}
	if (n == 4) {
		char *colon = strchr(field[0], ':');

		file_result_add_site_at(f, (unsigned)strtoul(field[0], NULL, 10),
					colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0,
					field[1], field[2], field[3]);
	}
	free(copy);
	return n == 4;
}

enum verdict_kind verdict_kind(const char *verdict)
{
	if (!strncmp(verdict, "flag:", 5))
		return VERDICT_FLAG;
	if (!strncmp(verdict, "helper:", 7))
		return VERDICT_HELPER;
	if (!strncmp(verdict, "local+", 6))
		return VERDICT_LOCAL_DISABLE;
	return VERDICT_LOCAL;
}

bool verdict_converts(const char *verdict)
{
	return verdict_kind(verdict) != VERDICT_FLAG;
}

void file_result_set_status(struct file_result *f, enum file_status s, const char *reason)
{
	if (s <= f->status && f->status != FILE_OK)
		return;
	f->status = s;
	free(f->reason);
	f->reason = reason ? xstrdup(reason) : NULL;
}

/* Flags that explain a site best come first; the catch-all is last. */
static const char *const flag_order[] = {
	"flag:escapes:return", "flag:escapes:struct-field", "flag:escapes:array",
	"flag:escapes:global", "flag:escapes:deferred-work", "flag:page-address-after-kmap",
	"flag:result-ignored", "flag:unmap-address", "flag:cpu-local", "flag:depends-on-atomic",
	"flag:cross-function", "flag:macro", "flag:unparsed", NULL,
};

int verdict_rank(const char *verdict)
{
	int i;

	if (verdict_converts(verdict))
		return 0;
	if (!strcmp(verdict, VERDICT_CATCH_ALL))
		return 1000;
	for (i = 0; flag_order[i]; i++)
		if (!strcmp(verdict, flag_order[i]))
			return i + 1;
	return 100;
}

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	int c;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if ((c = verdict_rank(x->verdict) - verdict_rank(y->verdict)))
		return c;
	if ((c = strcmp(x->verdict, y->verdict)))
		return c;
	if ((c = strcmp(x->function, y->function)))
		return c;
	return strcmp(x->evidence, y->evidence);
}

static void site_clear(struct site *s)
{
	free(s->function);
	free(s->verdict);
	free(s->evidence);
}

void file_result_tidy(struct file_result *f)
{
	size_t n = 0;

	if (!f->nr_sites)
		return;
	qsort(f->sites, f->nr_sites, sizeof(*f->sites), cmp_site);
	for (size_t i = 0; i < f->nr_sites; i++) {
		const struct site *prev = n ? &f->sites[n - 1] : NULL;

		if (prev && prev->line == f->sites[i].line && prev->col == f->sites[i].col)
			site_clear(&f->sites[i]);
		else
			f->sites[n++] = f->sites[i];
	}
	f->nr_sites = n;
}

void file_result_drop_sites(struct file_result *f)
{
	for (size_t i = 0; i < f->nr_sites; i++)
		site_clear(&f->sites[i]);
	free(f->sites);
	f->sites = NULL;
	f->nr_sites = f->alloc_sites = 0;
}

void file_result_add_parse_error(struct file_result *f, unsigned line)
{
	for (size_t i = 0; i < f->nr_parse_errors; i++)
		if (f->parse_errors[i] == line)
			return;
	ALLOC_GROW(f->parse_errors, f->nr_parse_errors + 1, f->alloc_parse_errors);
	f->parse_errors[f->nr_parse_errors++] = line;
}

void file_result_clear(struct file_result *f)
{
	file_result_drop_sites(f);
	free(f->parse_errors);
	f->parse_errors = NULL;
	f->nr_parse_errors = f->alloc_parse_errors = f->macro_parse_errors = 0;
	f->blank_parse_error = false;
	free(f->reason);
	f->reason = NULL;
	f->status = FILE_OK;
	f->changed = false;
	buf_release(&f->converted);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct file_result *)a)->path,
		      ((const struct file_result *)b)->path);
}

void results_sort(struct results *res)
{
	if (res->nr > 1)
		qsort(res->v, res->nr, sizeof(*res->v), cmp_path);
}

void results_release(struct results *res)
{
	for (size_t i = 0; i < res->nr; i++) {
		file_result_clear(&res->v[i]);
		free(res->v[i].facts);
		buf_release(&res->v[i].orig);
		git_blob_free(res->v[i].blob);
		free(res->v[i].path);
	}
	free(res->v);
	res->v = NULL;
	res->nr = res->alloc = 0;
}

int results_read(struct results *res, git_repository *git)
{
	int ret = 0;

	for (size_t i = 0; i < res->nr && !ret; i++) {
		struct file_result *f = &res->v[i];
		char hex[GIT_OID_HEXSZ + 1];

		buf_reset(&f->orig);
		git_blob_free(f->blob);
		if (git_blob_lookup(&f->blob, git, &f->id) < 0) {
			f->blob = NULL;
			git_oid_tostr(hex, sizeof(hex), &f->id);
			ret = error_git("cannot read blob %s", hex);
			continue;
		}
		buf_add(&f->orig, git_blob_rawcontent(f->blob), (size_t)git_blob_rawsize(f->blob));
		if (!memchr(f->orig.ptr, '\0', f->orig.len))
			continue;
		buf_release(&f->orig);
		git_blob_free(f->blob);
		f->blob = NULL;
		file_result_set_status(f, FILE_BINARY,
				       "the file has NUL bytes, so it is not C text; skipped");
	}
	return ret;
}
