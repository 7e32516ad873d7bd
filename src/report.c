#include "report.h"

#include <stdlib.h>
#include <string.h>

void report_sites(struct buf *out, const struct results *res)
{
	for (size_t i = 0; i < res->nr; i++)
		for (size_t s = 0; s < res->v[i].nr_sites; s++) {
			const struct site *st = &res->v[i].sites[s];

			buf_quote_path(out, res->v[i].path);
			buf_printf(out, ":%u:%s: %s: %s\n", st->line, st->function, st->verdict,
				   st->evidence);
		}
}

void report_file_notes(struct buf *out, const struct results *res)
{
	for (size_t i = 0; i < res->nr; i++) {
		const struct file_result *f = &res->v[i];

		if (f->status == FILE_OK)
			continue;
		buf_quote_path(out, f->path);
		buf_printf(out, ": %s: %s\n", file_status_name(f->status),
			   f->reason ? f->reason : "");
	}
}

struct count {
	const char *name;
	size_t n;
};

static void count_one(struct count **v, size_t *nr, size_t *alloc, const char *name)
{
	for (size_t i = 0; i < *nr; i++)
		if (!strcmp((*v)[i].name, name)) {
			(*v)[i].n++;
			return;
		}
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].name = name;
	(*v)[(*nr)++].n = 1;
}

static int cmp_count(const void *a, const void *b)
{
	return strcmp(((const struct count *)a)->name, ((const struct count *)b)->name);
}

static size_t count_verdicts(struct count **v, const struct results *res, size_t *nr)
{
	size_t alloc = 0, sites = 0;

	*nr = 0;
	for (size_t i = 0; i < res->nr; i++)
		for (size_t s = 0; s < res->v[i].nr_sites; s++, sites++)
			count_one(v, nr, &alloc, res->v[i].sites[s].verdict);
	if (*nr > 1)
		qsort(*v, *nr, sizeof(**v), cmp_count);
	return sites;
}

static size_t files_with(const struct results *res, enum file_status st)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].status == st;
	return n;
}

/* Files whose only parse errors are in #define bodies. */
static size_t files_macro_only(const struct results *res)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].status == FILE_OK && res->v[i].macro_parse_errors;
	return n;
}

static size_t files_changed(const struct results *res)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].changed;
	return n;
}

void report_summary(struct buf *out, const struct results *res,
		    const struct convert_stats *stats)
{
	struct count *v = NULL;
	size_t nr, sites = count_verdicts(&v, res, &nr);

	buf_printf(out, "%zu site%s", sites, sites == 1 ? "" : "s");
	for (size_t i = 0; i < nr; i++)
		buf_printf(out, "%s %zu %s", i ? "," : ":", v[i].n, v[i].name);
	buf_printf(out, "\n%zu candidate file%s of %zu: %zu changed, %zu unparsed, "
		   "%zu timed out, %zu failed (%zu from cache, %zu through spatch)\n",
		   stats->candidates, stats->candidates == 1 ? "" : "s", stats->c_files,
		   files_changed(res), files_with(res, FILE_UNPARSED),
		   files_with(res, FILE_TIMEOUT), files_with(res, FILE_FAILED),
		   stats->cached, stats->processed);
	if (files_macro_only(res))
		buf_printf(out, "%zu more file%s parsed but for #define bodies (no site is in them)\n",
			   files_macro_only(res), files_macro_only(res) == 1 ? "" : "s");
	free(v);
}

static void json_site(struct buf *out, const char *path, const struct site *s, bool first)
{
	buf_puts(out, first ? "\n    {\"file\": " : ",\n    {\"file\": ");
	buf_json_string(out, path);
	buf_printf(out, ", \"line\": %u, \"function\": ", s->line);
	buf_json_string(out, s->function);
	buf_puts(out, ", \"verdict\": ");
	buf_json_string(out, s->verdict);
	buf_puts(out, ", \"evidence\": ");
	buf_json_string(out, s->evidence);
	buf_putc(out, '}');
}

static void json_file(struct buf *out, const struct file_result *f, bool first)
{
	buf_puts(out, first ? "\n    {\"path\": " : ",\n    {\"path\": ");
	buf_json_string(out, f->path);
	buf_printf(out, ", \"blob\": \"%s\", \"status\": \"%s\", \"changed\": %s",
		   git_oid_tostr_s(&f->id), file_status_name(f->status),
		   f->changed ? "true" : "false");
	if (f->reason) {
		buf_puts(out, ", \"reason\": ");
		buf_json_string(out, f->reason);
	}
	if (f->nr_parse_errors) {
		buf_puts(out, ", \"parse_errors\": [");
		for (size_t i = 0; i < f->nr_parse_errors; i++)
			buf_printf(out, "%s%u", i ? ", " : "", f->parse_errors[i]);
		buf_printf(out, "], \"macro_parse_errors\": %zu", f->macro_parse_errors);
	}
	buf_putc(out, '}');
}

static void json_summary(struct buf *out, const struct results *res,
			 const struct convert_stats *stats)
{
	struct count *v = NULL;
	size_t nr, sites = count_verdicts(&v, res, &nr);

	buf_printf(out, "  \"summary\": {\"sites\": %zu, \"verdicts\": {", sites);
	for (size_t i = 0; i < nr; i++) {
		buf_puts(out, i ? ", " : "");
		buf_json_string(out, v[i].name);
		buf_printf(out, ": %zu", v[i].n);
	}
	buf_printf(out, "}, \"c_files\": %zu, \"candidates\": %zu, \"changed\": %zu, "
		   "\"unparsed\": %zu, \"unparsed_macros_only\": %zu, \"timeout\": %zu, "
		   "\"failed\": %zu, \"cached\": %zu, \"processed\": %zu}\n", stats->c_files,
		   stats->candidates, files_changed(res), files_with(res, FILE_UNPARSED),
		   files_macro_only(res),
		   files_with(res, FILE_TIMEOUT), files_with(res, FILE_FAILED),
		   stats->cached, stats->processed);
	free(v);
}

void report_json(struct buf *out, const struct results *res,
		 const struct convert_stats *stats, const char *base)
{
	bool first = true;

	buf_puts(out, "{\n  \"base\": ");
	buf_json_string(out, base);
	buf_puts(out, ",\n  \"sites\": [");
	for (size_t i = 0; i < res->nr; i++)
		for (size_t s = 0; s < res->v[i].nr_sites; s++, first = false)
			json_site(out, res->v[i].path, &res->v[i].sites[s], first);
	buf_puts(out, first ? "],\n  \"files\": [" : "\n  ],\n  \"files\": [");
	for (size_t i = 0; i < res->nr; i++)
		json_file(out, &res->v[i], i == 0);
	buf_puts(out, res->nr ? "\n  ],\n" : "],\n");
	json_summary(out, res, stats);
	buf_puts(out, "}\n");
}
