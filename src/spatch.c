#include "spatch.h"
#include "error.h"
#include "fs.h"
#include "progress.h"
#include "run_command.h"
#include "scratch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_TAG "KMAP-SITE\t"

struct worker {
	char *root;		/* <scratch>/wN */
	size_t *idx;		/* result indices */
	size_t nr, alloc;
	size_t bytes;
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

static struct file_result *find_result(struct results *res, const char *root,
				       const char *path, size_t len)
{
	size_t rl = strlen(root);
	size_t lo = 0, hi = res->nr;

	if (len <= rl + 1 || strncmp(path, root, rl) || path[rl] != '/')
		return NULL;
	path += rl + 1;
	len -= rl + 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(res->v[mid].path, path, len);

		if (!c && res->v[mid].path[len])
			c = 1;
		if (!c)
			return &res->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* REPORT_TAG file \t line \t function \t verdict \t evidence */
static void parse_report_line(struct results *res, const char *root, char *line)
{
	char *field[5];
	struct file_result *f;
	int n = 0;

	for (char *p = line + strlen(REPORT_TAG); n < 5 && p; n++) {
		field[n] = p;
		p = n < 4 ? strchr(p, '\t') : NULL;
		if (p)
			*p++ = '\0';
	}
	if (n < 5)
		return;
	f = find_result(res, root, field[0], strlen(field[0]));
	if (f) {
		char *colon = strchr(field[1], ':');

		file_result_add_site_at(f, (unsigned)strtoul(field[1], NULL, 10),
					colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0,
					field[2], field[3], field[4]);
	}
}

void spatch_parse_report(struct results *res, const char *root, const char *out)
{
	const char *p = out;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (!strncmp(p, REPORT_TAG, strlen(REPORT_TAG))) {
			char *line = xstrndup(p, n);

			parse_report_line(res, root, line);
			free(line);
		}
		p += n + (p[n] == '\n');
	}
}

static void note_parse_error(struct file_result *f, const char *bad_line)
{
	struct buf why = BUF_INIT;
	size_t n = strcspn(bad_line, "\n");

	while (n && (*bad_line == ' ' || *bad_line == '\t')) {
		bad_line++;
		n--;
	}
	if (n > 60)
		n = 60;
	buf_printf(&why, "spatch could not parse part of the file, near `%.*s`", (int)n, bad_line);
	if (f->status == FILE_OK)
		file_result_set_status(f, FILE_UNPARSED, why.ptr);
	buf_release(&why);
}

static void parse_log_line(struct results *res, const char *root, const char *line,
			   size_t n, struct file_result **cur, bool *want_bad)
{
	static const char handling[] = "HANDLING: ";
	static const char timeout[] = "EXN: Coccinelle_modules.Common.Timeout in ";

	if (!strncmp(line, handling, sizeof(handling) - 1)) {
		*cur = find_result(res, root, line + sizeof(handling) - 1,
				   n - (sizeof(handling) - 1));
		*want_bad = false;
	} else if (!strncmp(line, timeout, sizeof(timeout) - 1)) {
		struct file_result *f = find_result(res, root, line + sizeof(timeout) - 1,
						    n - (sizeof(timeout) - 1));

		if (f)
			file_result_set_status(f, FILE_TIMEOUT,
					       "spatch timed out on the file (raise --timeout)");
	} else if (*cur && !strncmp(line, "parse error", 11)) {
		*want_bad = true;
	} else if (*cur && *want_bad && !strncmp(line, "BAD:!!!!! ", 10)) {
		note_parse_error(*cur, line + 10);
		*want_bad = false;
	} else if (*cur && !strncmp(line, "EXN:", 4)) {
		file_result_set_status(*cur, FILE_FAILED, "spatch failed on the file");
	}
}

void spatch_parse_log(struct results *res, const char *root, const char *err)
{
	struct file_result *cur = NULL;
	bool want_bad = false;
	const char *p = err;

	while (*p) {
		size_t n = strcspn(p, "\n");

		parse_log_line(res, root, p, n, &cur, &want_bad);
		p += n + (p[n] == '\n');
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

static int materialize(struct worker *w, struct results *res, git_repository *git)
{
	struct buf blob = BUF_INIT, path = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < w->nr && !ret; i++) {
		struct file_result *f = &res->v[w->idx[i]];

		buf_reset(&blob);
		buf_reset(&path);
		buf_printf(&path, "%s/%s", w->root, f->path);
		if (!(ret = repo_read_blob(&blob, git, &f->id)))
			ret = write_file_p(path.ptr, blob.ptr, blob.len);
	}
	buf_release(&blob);
	buf_release(&path);
	return ret;
}

static void build_argv(struct child *c, const struct spatch_job *job, const char *rule,
		       const char *root)
{
	strvec_push(&c->args, job->rules->spatch);
	strvec_push(&c->args, "--sp-file");
	strvec_push(&c->args, rule);
	strvec_push(&c->args, "--dir");
	strvec_push(&c->args, root);
	rules_spatch_flags(&c->args);
	strvec_push(&c->args, "--timeout");
	strvec_pushf(&c->args, "%d", job->opts->timeout_sec);
}

static int run_one_rule(struct spatch_job *job, struct worker *w, const char *rule)
{
	struct child c = CHILD_INIT;
	int ret = 0;

	build_argv(&c, job, rule, w->root);
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
	spatch_parse_report(job->res, w->root, c.out.ptr);
	spatch_parse_log(job->res, w->root, c.err.ptr);
out:
	child_release(&c);
	return ret;
}

static void *spatch_worker(void *arg)
{
	struct spatch_job *job = ((void **)arg)[0];
	struct worker *w = ((void **)arg)[1];

	for (size_t i = 0; i < job->rules->files.nr && !w->ret; i++)
		w->ret = run_one_rule(job, w, job->rules->files.v[i]);
	atomic_store(&w->done, true);
	atomic_fetch_add(&job->finished, 1);
	return NULL;
}

static int read_back(struct results *res, struct worker *w, git_repository *git)
{
	struct buf orig = BUF_INIT, path = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < w->nr && !ret; i++) {
		struct file_result *f = &res->v[w->idx[i]];

		if (f->status == FILE_TIMEOUT || f->status == FILE_FAILED) {
			file_result_drop_sites(f);
			continue;
		}
		buf_reset(&orig);
		buf_reset(&path);
		buf_release(&f->converted);
		buf_printf(&path, "%s/%s", w->root, f->path);
		if ((ret = repo_read_blob(&orig, git, &f->id)) < 0 ||
		    (ret = buf_read_file(&f->converted, path.ptr)) < 0)
			break;
		f->changed = orig.len != f->converted.len ||
			     memcmp(orig.ptr, f->converted.ptr, orig.len);
		if (!f->changed)
			buf_release(&f->converted);
		file_result_tidy(f);
	}
	buf_release(&orig);
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
	for (int i = 0; i < job->nr_workers; i++) {
		pthread_join(threads[i], NULL);
		if (job->workers[i].ret < 0 && !ret)
			ret = job->workers[i].ret;
	}
	progress_done(p, total);
	free(threads);
	free(args);
	return ret;
}

int spatch_run(struct results *res, const size_t *idx, size_t nr, struct repo *r,
	       const struct rules *rules, const struct spatch_opts *o)
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
	}
	balance(&job, idx, nr);
	for (i = 0; i < job.nr_workers && !ret; i++)
		ret = materialize(&job.workers[i], res, r->git);
	if (!ret)
		ret = run_workers(&job, nr);
	for (i = 0; i < job.nr_workers && !ret; i++)
		ret = read_back(res, &job.workers[i], r->git);
	scratch_remove(scratch.ptr);
	for (i = 0; i < job.nr_workers; i++) {
		free(job.workers[i].root);
		free(job.workers[i].idx);
	}
	free(job.workers);
out_free:
	buf_release(&scratch);
	return ret;
}
