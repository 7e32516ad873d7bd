#include "spatch.h"
#include "error.h"
#include "fs.h"
#include "progress.h"
#include "run_command.h"
#include "scratch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_TAG "KMAP-SITE\t"

struct worker {
	char *root;		/* <scratch>/wN: src/ holds the files, tmp/ spatch's */
	size_t *idx;		/* result indices */
	size_t nr, alloc;
	size_t bytes;
	unsigned char *handled;	/* per result index: spatch logged HANDLING */
	size_t unhandled, first_unhandled;
	const char *why_unhandled;
	atomic_bool done;
	int ret;
};

struct spatch_job {
	struct results *res;
	const struct rules *rules;
	const struct spatch_opts *opts;
	struct worker *workers;
	int nr_workers;
	atomic_int finished;
};

/*
 * spatch copies results with an unquoted shell `cp` and lists files with a
 * shell `find`, so no name derived from the repository (or from $TMPDIR)
 * may reach it: a candidate is "src/<result index>.c" (or .h) below the
 * worker's directory, which is spatch's working directory.
 */
static char suffix_of(const char *path)
{
	size_t n = strlen(path);

	return n >= 2 && !strcmp(path + n - 2, ".h") ? 'h' : 'c';
}

void spatch_scratch_name(struct buf *out, const struct results *res, size_t idx)
{
	buf_printf(out, "src/%zu.%c", idx, suffix_of(res->v[idx].path));
}

/* The result a scratch name [name, name + len) stands for, or NULL. */
static struct file_result *result_of(struct results *res, const char *name, size_t len,
				     size_t *idx_out)
{
	size_t i = 4, idx = 0;

	if (len < 7 || memcmp(name, "src/", 4) || name[len - 2] != '.')
		return NULL;
	for (; i < len - 2; i++) {
		if (name[i] < '0' || name[i] > '9' || idx > (SIZE_MAX - 9) / 10)
			return NULL;
		idx = idx * 10 + (size_t)(name[i] - '0');
	}
	if (i == 4 || (name[4] == '0' && i > 5) || idx >= res->nr ||
	    name[len - 1] != suffix_of(res->v[idx].path))
		return NULL;
	if (idx_out)
		*idx_out = idx;
	return &res->v[idx];
}

/* REPORT_TAG file \t site record (see file_result_add_record()) */
static void parse_report_line(struct results *res, const char *line, size_t len)
{
	const char *name = line + strlen(REPORT_TAG), *end = line + len;
	const char *tab = memchr(name, '\t', (size_t)(end - name));
	struct file_result *f;

	if (tab && (f = result_of(res, name, (size_t)(tab - name), NULL)))
		file_result_add_record(f, tab + 1, (size_t)(end - tab - 1));
}

static const char *next_line(const char *p, const char *end, size_t *n)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	*n = (size_t)((nl ? nl : end) - p);
	return nl ? nl + 1 : end;
}

void spatch_parse_report(struct results *res, const char *out, size_t len)
{
	const char *p = out, *end = out + len;
	size_t tag = strlen(REPORT_TAG);

	while (p < end) {
		size_t n;
		const char *next = next_line(p, end, &n);

		if (n > tag && !memcmp(p, REPORT_TAG, tag))
			parse_report_line(res, p, n);
		p = next;
	}
}

static void note_parse_error(struct file_result *f, const char *bad_line, size_t n)
{
	struct buf why = BUF_INIT;

	while (n && (*bad_line == ' ' || *bad_line == '\t')) {
		bad_line++;
		n--;
	}
	if (n > 60)
		n = 60;
	buf_puts(&why, "spatch could not parse part of the file, near `");
	for (size_t i = 0; i < n; i++)
		buf_putc(&why, (unsigned char)bad_line[i] < 0x20 ? ' ' : bad_line[i]);
	buf_putc(&why, '`');
	if (f->status == FILE_OK)
		file_result_set_status(f, FILE_UNPARSED, why.ptr);
	buf_release(&why);
}

/* ' = File "src/3.c", line 1533, column 47, ...' (with --verbose-parsing) */
static void note_error_line(struct results *res, struct file_result *cur, const char *p,
			    size_t n)
{
	const char *quote = memchr(p, '"', n), *end = p + n;
	unsigned long line = 0;

	if (!quote || result_of(res, p, (size_t)(quote - p), NULL) != cur ||
	    (size_t)(end - quote) < 8 || memcmp(quote, "\", line ", 8))
		return;
	for (p = quote + 8; p < end && *p >= '0' && *p <= '9' && line < 100000000; p++)
		line = line * 10 + (unsigned long)(*p - '0');
	if (line && p < end && *p == ',')
		file_result_add_parse_error(cur, (unsigned)line);
}

static bool starts(const char *line, size_t n, const char *prefix, size_t *skip)
{
	*skip = strlen(prefix);
	return n >= *skip && !memcmp(line, prefix, *skip);
}

/*
 * spatch gives up on a whole file when a rule would change a statement
 * that paths outside its match also reach; say so, the rest is generic.
 */
static const char *failure_reason(const char *line, size_t n)
{
	static const char inconsistent[] = "reachable by inconsistent control-flow paths";

	if (memmem(line, n, inconsistent, sizeof(inconsistent) - 1))
		return "spatch gave up on the file: a rule would change an unmap that paths "
		       "without its map also reach";
	return "spatch failed on the file";
}

static void parse_log_line(struct results *res, const char *line, size_t n,
			   struct file_result **cur, bool *want_bad, unsigned char *handled)
{
	size_t skip, idx;

	if (starts(line, n, "HANDLING: ", &skip)) {
		*cur = result_of(res, line + skip, n - skip, &idx);
		if (*cur && handled)
			handled[idx] = 1;
		*want_bad = false;
	} else if (starts(line, n, "EXN: Coccinelle_modules.Common.Timeout in ", &skip)) {
		struct file_result *f = result_of(res, line + skip, n - skip, NULL);

		if (f)
			file_result_set_status(f, FILE_TIMEOUT,
					       "spatch timed out on the file (raise --timeout)");
	} else if (*cur && starts(line, n, "parse error", &skip)) {
		*want_bad = true;
	} else if (*cur && *want_bad && starts(line, n, " = File \"", &skip)) {
		note_error_line(res, *cur, line + skip, n - skip);
	} else if (*cur && *want_bad && starts(line, n, "BAD:!!!!! ", &skip)) {
		note_parse_error(*cur, line + skip, n - skip);
		*want_bad = false;
	} else if (*cur && starts(line, n, "EXN:", &skip)) {
		file_result_set_status(*cur, FILE_FAILED, failure_reason(line, n));
	} else if (*cur && starts(line, n, "Error in Python script", &skip)) {
		file_result_set_status(*cur, FILE_FAILED,
				       "a Python script of the rules failed on the file");
	}
}

void spatch_parse_log(struct results *res, const char *err, size_t len,
		      unsigned char *handled)
{
	struct file_result *cur = NULL;
	bool want_bad = false;
	const char *p = err, *end = err + len;

	while (p < end) {
		size_t n;
		const char *next = next_line(p, end, &n);

		parse_log_line(res, p, n, &cur, &want_bad, handled);
		p = next;
	}
}

static int cmp_size_desc(const void *a, const void *b, void *arg)
{
	const struct results *res = arg;
	size_t x = res->v[*(const size_t *)a].size, y = res->v[*(const size_t *)b].size;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Greedy: biggest file first, onto the worker with the fewest bytes. */
static void balance(struct spatch_job *job, const size_t *idx, size_t nr)
{
	size_t *order = xcalloc(nr + 1, sizeof(*order));

	memcpy(order, idx, nr * sizeof(*order));
	qsort_r(order, nr, sizeof(*order), cmp_size_desc, job->res);
	for (size_t i = 0; i < nr; i++) {
		struct worker *best = &job->workers[0];

		for (int w = 1; w < job->nr_workers; w++)
			if (job->workers[w].bytes < best->bytes)
				best = &job->workers[w];
		ALLOC_GROW(best->idx, best->nr + 1, best->alloc);
		best->idx[best->nr++] = order[i];
		best->bytes += job->res->v[order[i]].size + 4096;
	}
	free(order);
}

static void scratch_path(struct buf *out, const struct worker *w, const struct results *res,
			 size_t idx)
{
	buf_reset(out);
	buf_printf(out, "%s/", w->root);
	spatch_scratch_name(out, res, idx);
}

static int materialize(struct worker *w, struct results *res)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	buf_printf(&path, "%s/tmp", w->root);
	if ((ret = mkdir_p(path.ptr)) < 0)
		goto out;
	for (size_t i = 0; i < w->nr && !ret; i++) {
		const struct file_result *f = &res->v[w->idx[i]];

		scratch_path(&path, w, res, w->idx[i]);
		ret = write_file_p(path.ptr, f->orig.ptr, f->orig.len);
	}
out:
	buf_release(&path);
	return ret;
}

/* Relative names only: spatch runs in the worker's directory. */
static int build_argv(struct child *c, const struct spatch_job *job, const char *rule,
		      const char *root)
{
	char *abs_rule = realpath(rule, NULL);

	if (!abs_rule)
		return error_errno("cannot read semantic patch '%s'", rule);
	c->dir = root;
	strvec_push(&c->env, "TMPDIR=tmp");
	strvec_push(&c->args, job->rules->spatch);
	strvec_push(&c->args, "--sp-file");
	strvec_push(&c->args, abs_rule);
	free(abs_rule);
	strvec_push(&c->args, "--dir");
	strvec_push(&c->args, "src");
	rules_spatch_flags(&c->args);
	if (job->rules->macro_file) {
		strvec_push(&c->args, "--macro-file");
		strvec_push(&c->args, job->rules->macro_file);
	}
	strvec_push(&c->args, "--timeout");
	strvec_pushf(&c->args, "%d", job->opts->timeout_sec);
	return 0;
}

/*
 * Every file must be in spatch's log: processed, unparsed or timed out.
 * Anything else (a spatch that exits 0 having done nothing, output cut
 * short) is an error for the whole run, reported once by run_workers(),
 * and nothing of the run is cached.
 */
static int count_unhandled(struct worker *w, const struct child *c)
{
	size_t before = w->unhandled;

	for (size_t i = 0; i < w->nr; i++)
		if (!w->handled[w->idx[i]] && !w->unhandled++)
			w->first_unhandled = w->idx[i];
	if (w->unhandled == before)
		return 0;
	w->why_unhandled = c->out.truncated || c->err.truncated ? ", its output was cut short" :
			   c->err.len ? "" : ", it printed no log";
	return E_ERROR;
}

static int report_unhandled(const struct spatch_job *job, size_t total)
{
	const struct worker *first = NULL;
	size_t n = 0;

	for (int i = 0; i < job->nr_workers; i++) {
		n += job->workers[i].unhandled;
		if (!first && job->workers[i].unhandled)
			first = &job->workers[i];
	}
	if (!first)
		return 0;
	return error("spatch did not process %zu of %zu files, e.g. '%s'%s; nothing of this "
		     "run was cached", n, total, job->res->v[first->first_unhandled].path,
		     first->why_unhandled);
}

static int run_one_rule(struct spatch_job *job, struct worker *w, const char *rule)
{
	struct child c = CHILD_INIT;
	int ret = 0;

	if ((ret = build_argv(&c, job, rule, w->root)) < 0)
		goto out;
	c.out.cap = 256 << 20;
	c.err.cap = 256 << 20;
	c.timeout_ms = (job->opts->timeout_sec * ((int)w->nr + 1) + 300) * 1000;
	if ((ret = child_run(&c)) < 0)
		goto out;
	if (!child_succeeded(&c)) {
		ret = error("spatch %s on %zu files (rules '%s'): %s", c.timed_out ?
			    "ran out of time" : "failed", w->nr, rule, c.err.len ?
			    c.err.ptr + (c.err.len > 300 ? c.err.len - 300 : 0) : "no output");
		goto out;
	}
	memset(w->handled, 0, job->res->nr);
	spatch_parse_report(job->res, c.out.ptr, c.out.len);
	spatch_parse_log(job->res, c.err.ptr, c.err.len, w->handled);
	ret = count_unhandled(w, &c);
out:
	child_release(&c);
	return ret;
}

static void *spatch_worker(void *arg)
{
	struct spatch_job *job = ((void **)arg)[0];
	struct worker *w = ((void **)arg)[1];

	w->ret = run_one_rule(job, w, job->rules->sp_file);
	atomic_store(&w->done, true);
	atomic_fetch_add(&job->finished, 1);
	return NULL;
}

static int read_back(struct results *res, struct worker *w)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < w->nr && !ret; i++) {
		struct file_result *f = &res->v[w->idx[i]];

		if (f->status == FILE_TIMEOUT || f->status == FILE_FAILED) {
			file_result_drop_sites(f);
			continue;
		}
		buf_release(&f->converted);
		scratch_path(&path, w, res, w->idx[i]);
		if ((ret = buf_read_file(&f->converted, path.ptr)) < 0)
			break;
		f->changed = f->orig.len != f->converted.len ||
			     memcmp(f->orig.ptr, f->converted.ptr, f->orig.len);
		if (!f->changed)
			buf_release(&f->converted);
		file_result_tidy(f);
	}
	buf_release(&path);
	return ret;
}

static int run_workers(struct spatch_job *job, size_t total)
{
	pthread_t *threads = xcalloc((size_t)job->nr_workers, sizeof(*threads));
	void *(*args)[2] = xcalloc((size_t)job->nr_workers, sizeof(*args));
	struct progress *p = progress_start("Running spatch", total);
	int ret = 0;

	for (int i = 0; i < job->nr_workers; i++) {
		args[i][0] = job;
		args[i][1] = &job->workers[i];
		if (pthread_create(&threads[i], NULL, spatch_worker, args[i]))
			BUG("cannot start a thread");
	}
	while (atomic_load(&job->finished) < job->nr_workers) {
		size_t done = 0;

		for (int i = 0; i < job->nr_workers; i++)
			if (atomic_load(&job->workers[i].done))
				done += job->workers[i].nr;
		progress_update(p, done);
		progress_sleep();
	}
	for (int i = 0; i < job->nr_workers; i++)
		pthread_join(threads[i], NULL);
	progress_done(p, total);
	ret = report_unhandled(job, total);
	for (int i = 0; i < job->nr_workers && !ret; i++)
		ret = job->workers[i].ret;
	free(threads);
	free(args);
	return ret;
}

int spatch_run(struct results *res, const size_t *idx, size_t nr, const struct rules *rules,
	       const struct spatch_opts *o)
{
	struct spatch_job job = { res, rules, o, NULL, 0, 0 };
	struct buf scratch = BUF_INIT;
	int ret = 0, i;

	if (!nr)
		return 0;
	if ((ret = scratch_create(&scratch, "spatch")) < 0)
		goto out_free;
	job.nr_workers = o->jobs < 1 ? 1 : (size_t)o->jobs > nr ? (int)nr : o->jobs;
	job.workers = xcalloc((size_t)job.nr_workers, sizeof(*job.workers));
	for (i = 0; i < job.nr_workers; i++) {
		struct buf root = BUF_INIT;

		buf_printf(&root, "%s/w%d", scratch.ptr, i);
		job.workers[i].root = buf_detach(&root, NULL);
		job.workers[i].handled = xcalloc(res->nr + 1, 1);
	}
	balance(&job, idx, nr);
	for (i = 0; i < job.nr_workers && !ret; i++)
		ret = materialize(&job.workers[i], res);
	if (!ret)
		ret = run_workers(&job, nr);
	for (i = 0; i < job.nr_workers && !ret; i++)
		ret = read_back(res, &job.workers[i]);
	scratch_remove(scratch.ptr);
	for (i = 0; i < job.nr_workers; i++) {
		free(job.workers[i].root);
		free(job.workers[i].idx);
		free(job.workers[i].handled);
	}
	free(job.workers);
out_free:
	buf_release(&scratch);
	return ret;
}
