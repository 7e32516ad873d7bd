#include "spatch.h"
#include "error.h"
#include "fs.h"
#include "progress.h"
#include "run_command.h"
#include "facts.h"
#include "scratch.h"
#include "slice.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_TAG "KMAP-SITE\t"
#define START_TAG "KMAP-START\t"

/*
 * The queue: the candidates in the order of the plan, cut into batches;
 * each worker thread takes the next batch, runs one spatch over it and
 * takes another until none is left.
 */
struct spatch_job {
	struct results *res;
	const struct rules *rules;
	const struct spatch_opts *opts;
	const char *scratch;
	bool slice;		/* spatch sees the files sliced (slice.h) */
	struct spatch_plan plan;
	pthread_mutex_t lock;
	/* under the lock: */
	size_t next_batch;
	unsigned char *handled;	/* per result index: spatch logged HANDLING */
	size_t unhandled, first_unhandled;
	const char *why_unhandled;
	int ret;		/* the first error that stops the queue */
	struct batch_run *live;	/* the one round running, when the plan is one batch */
	struct spatch_pre *pre;	/* started before: the one batch's spatch */
	/* read by the progress loop: */
	atomic_size_t files_done;
	atomic_int running;
};

/* Result indices a round hands on to another round. */
struct idx_list {
	size_t *v;
	size_t nr;
};

/*
 * One spatch process over one batch, itself running `workers` processes
 * (spatch --jobs) when there is more than one.
 */
struct batch_run {
	struct spatch_job *job;
	const size_t *idx;
	size_t nr;
	int workers;
	struct buf root;	/* <scratch>/b<batch>: src/ holds the files, tmp/ spatch's */
	struct buf logs;	/* <root>/logs: the workers' own logs (write_groups()) */
	double ended;		/* when spatch exited (monotonic seconds) */
	struct slice *slices;	/* per file, when spatch sees the files sliced */
	unsigned char *mixed;	/* per result index: its log is mixed with another's */
	struct idx_list again;	/* files whose log was mixed: run them on their own */
	struct idx_list whole;	/* files whose slices did not go back, or whose
				   parse error fell on a stand-in: run them whole */
	struct spatch_pre *pre;	/* the spatch started before, waiting for its groups */
};

/*
 * A spatch started while the candidates are still being found: it runs in
 * <scratch>/b0 and reads its groups from a FIFO there once it has parsed
 * the rules and started Python; the rules load their facts at the first
 * file (cocci/10-sites.cocci), which comes after the groups.
 */
struct spatch_pre {
	struct buf scratch;
	struct buf root;	/* <scratch>/b0 */
	int workers;
	struct child child;
	pthread_t thread;
	int ret;		/* child_run()'s */
	atomic_bool done;	/* child_run() returned */
	bool fed;		/* the groups went out */
	bool joined;		/* the thread is gone */
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

/*
 * "src/start<n>.c" or "src/end<n>.c": a file only for a worker to start or
 * end on (write_groups()).  It has no messages, so the log lines after it
 * still belong to the file before it: in the shared log the one real file
 * there may be followed by another worker's start file.
 */
static bool is_worker_file(const char *name, size_t len)
{
	size_t skip = 0, i;

	if (len > 9 && !memcmp(name, "src/start", 9))
		skip = 9;
	else if (len > 7 && !memcmp(name, "src/end", 7))
		skip = 7;
	if (!skip)
		return false;
	for (i = skip; i < len && name[i] >= '0' && name[i] <= '9'; i++)
		;
	return i > skip && len - i == 2 && !memcmp(name + i, ".c", 2);
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
	if (!n)
		f->blank_parse_error = true;
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
		if (is_worker_file(line + skip, n - skip))
			return;
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

/*
 * What a file is expected to cost: its last time when known, else its
 * size at the rate the known files of this run show (or a default rate
 * measured on Linux 6.1 when none is known).
 */
#define DEFAULT_MS_PER_KIB 11.0

static double ms_per_byte(const struct results *res, const size_t *idx, size_t nr)
{
	double ms = 0, bytes = 0;

	for (size_t i = 0; i < nr; i++) {
		const struct file_result *f = &res->v[idx[i]];

		if (f->spatch_ms && f->size) {
			ms += f->spatch_ms;
			bytes += (double)f->size;
		}
	}
	return ms > 0 && bytes > 0 ? ms / bytes : DEFAULT_MS_PER_KIB / 1024;
}

struct planning {
	const struct results *res;
	double *est;		/* per result index */
};

static int cmp_est_desc(const void *a, const void *b, void *arg)
{
	const struct planning *pl = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (pl->est[x] != pl->est[y])
		return pl->est[x] < pl->est[y] ? 1 : -1;
	return x < y ? -1 : x > y;
}

/* out->order: idx[0..nr) by expected time, longest first; no batches yet. */
static double *plan_order(struct spatch_plan *out, const struct results *res, const size_t *idx,
			  size_t nr)
{
	struct planning pl = { res, xcalloc(res->nr + 1, sizeof(double)) };
	double rate = ms_per_byte(res, idx, nr);

	out->order = xcalloc(nr + 1, sizeof(*out->order));
	out->nr = nr;
	out->batches = NULL;
	out->nr_batches = 0;
	memcpy(out->order, idx, nr * sizeof(*idx));
	for (size_t i = 0; i < nr; i++) {
		const struct file_result *f = &res->v[idx[i]];

		pl.est[idx[i]] = f->spatch_ms ? (double)f->spatch_ms : (double)f->size * rate;
	}
	qsort_r(out->order, nr, sizeof(*out->order), cmp_est_desc, &pl);
	return pl.est;
}

void spatch_plan_one(struct spatch_plan *out, const struct results *res, const size_t *idx,
		     size_t nr)
{
	free(plan_order(out, res, idx, nr));
	out->batches = xcalloc(1, sizeof(*out->batches));
	out->batches[0] = (struct spatch_batch){ 0, nr };
	out->nr_batches = nr ? 1 : 0;
}

void spatch_plan_make(struct spatch_plan *out, const struct results *res, const size_t *idx,
		      size_t nr, int jobs, size_t max_files)
{
	double *est = plan_order(out, res, idx, nr), remaining = 0;
	size_t alloc = 0;

	if (jobs < 1)
		jobs = 1;
	for (size_t i = 0; i < nr; i++)
		remaining += est[idx[i]];
	for (size_t i = 0; i < nr; ) {
		double target = remaining / (2.0 * jobs), cost = 0;
		struct spatch_batch *b;

		if (target < SPATCH_MIN_BATCH_MS)
			target = SPATCH_MIN_BATCH_MS;
		ALLOC_GROW(out->batches, out->nr_batches + 1, alloc);
		b = &out->batches[out->nr_batches++];
		b->first = i;
		b->nr = 0;
		do {
			cost += est[out->order[i]];
			remaining -= est[out->order[i]];
			b->nr++;
			i++;
		} while (i < nr && cost + est[out->order[i]] <= target &&
			 (!max_files || b->nr < max_files));
	}
	free(est);
}

int spatch_workers(int jobs, size_t files)
{
	if (jobs < 1 || files < 2)
		return 1;
	return (size_t)jobs < files ? jobs : (int)files;
}

void spatch_plan_release(struct spatch_plan *p)
{
	free(p->order);
	free(p->batches);
	*p = (struct spatch_plan){ 0 };
}

static void scratch_path(struct buf *out, const struct batch_run *b, size_t idx)
{
	buf_reset(out);
	buf_printf(out, "%s/", b->root.ptr);
	spatch_scratch_name(out, b->job->res, idx);
}

/*
 * spatch takes the files in the order of the groups file, one group per
 * file.  With workers, each first takes a start file, which only lets the
 * rules' start_file() give it logs of its own (cocci/10-sites.cocci), so
 * no real file's messages are in the shared log; and after the real files
 * come end files: a worker that has run out of real files takes one, which
 * ends its last file's clock.  One without an end file is the last to
 * finish: its last file ends with the process.
 */
#define WORKER_FILE_TEXT "/* kmap-local: a spatch worker starts or ends here */\n"

static int add_worker_files(struct batch_run *b, struct buf *groups, const char *kind)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	for (int w = 0; b->workers > 1 && w < b->workers && !ret; w++) {
		buf_reset(&path);
		buf_printf(&path, "%s/src/%s%d.c", b->root.ptr, kind, w);
		ret = write_file_p(path.ptr, WORKER_FILE_TEXT, strlen(WORKER_FILE_TEXT));
		buf_printf(groups, "src/%s%d.c\n\n", kind, w);
	}
	buf_release(&path);
	return ret;
}

/*
 * Hand the prestarted spatch its groups through the FIFO, once it opens
 * it.  A spatch that exits first (bad rules) never reads them: its exit
 * says why.  SIGPIPE is held off while writing, for one that exits
 * halfway.
 */
static int feed_groups(struct spatch_pre *pre, const char *data, size_t len)
{
	struct buf path = BUF_INIT;
	sigset_t pipe_set, old;
	struct timespec zero = { 0, 0 };
	int fd, ret = 0;

	pre->fed = true;
	buf_printf(&path, "%s/groups", pre->root.ptr);
	while ((fd = open(path.ptr, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		if (errno != ENXIO && errno != EINTR) {
			ret = error_errno("cannot open the spatch FIFO '%s'", path.ptr);
			goto out;
		}
		if (atomic_load(&pre->done))
			goto out;
		usleep(2000);
	}
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	if (fcntl(fd, F_SETFL, 0) < 0 || write_in_full(fd, data, len) < 0)
		ret = atomic_load(&pre->done) || errno == EPIPE ? 0 :
		      error_errno("cannot write the spatch FIFO '%s'", path.ptr);
	close(fd);
	while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
out:
	buf_release(&path);
	return ret;
}

static int write_groups(struct batch_run *b)
{
	struct buf groups = BUF_INIT, path = BUF_INIT;
	int ret;

	if ((ret = add_worker_files(b, &groups, "start")) < 0)
		goto out;
	for (size_t i = 0; i < b->nr; i++) {
		spatch_scratch_name(&groups, b->job->res, b->idx[i]);
		buf_puts(&groups, "\n\n");
	}
	if ((ret = add_worker_files(b, &groups, "end")) < 0 || (ret = mkdir_p(b->logs.ptr)) < 0)
		goto out;
	buf_printf(&path, "%s/groups", b->root.ptr);
	if (b->pre)
		ret = feed_groups(b->pre, groups.ptr, groups.len);
	else
		ret = write_file_p(path.ptr, groups.ptr, groups.len);
out:
	buf_release(&groups);
	buf_release(&path);
	return ret;
}

static int materialize(struct batch_run *b)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	buf_printf(&path, "%s/tmp", b->root.ptr);
	if ((ret = mkdir_p(path.ptr)) < 0)
		goto out;
	for (size_t i = 0; i < b->nr && !ret; i++) {
		const struct file_result *f = &b->job->res->v[b->idx[i]];
		const struct buf *text = &f->orig;

		if (b->slices) {
			slice_make(&b->slices[i], f->orig.ptr, f->orig.len);
			if (b->slices[i].nr)
				text = &b->slices[i].text;
		}
		scratch_path(&path, b, b->idx[i]);
		ret = write_file_p(path.ptr, text->ptr, text->len);
	}
	if (!ret) {
		buf_reset(&path);
		buf_printf(&path, "%s/facts.tsv", b->root.ptr);
		ret = facts_write(path.ptr, b->job->res, b->idx, b->nr);
	}
	if (!ret)
		ret = write_groups(b);
out:
	buf_release(&path);
	return ret;
}

/* Relative names only: spatch runs in the batch's directory, `root`. */
static int build_argv(struct child *c, const struct rules *rules, const struct spatch_opts *o,
		      const char *root, int workers)
{
	const char *rule = rules->sp_file;
	char *abs_rule = realpath(rule, NULL);

	if (!abs_rule)
		return error_errno("cannot read semantic patch '%s'", rule);
	c->dir = root;
	strvec_push(&c->env, "TMPDIR=tmp");
	strvec_push(&c->env, "KMAP_LOCAL_FACTS=facts.tsv");
	strvec_push(&c->env, "KMAP_LOCAL_WORKER_LOGS=logs");
	strvec_push(&c->args, rules->spatch);
	strvec_push(&c->args, "--sp-file");
	strvec_push(&c->args, abs_rule);
	free(abs_rule);
	strvec_push(&c->args, "--file-groups");
	strvec_push(&c->args, "groups");
	if (workers > 1) {
		strvec_push(&c->args, "--jobs");
		strvec_pushf(&c->args, "%d", workers);
		strvec_push(&c->args, "--chunksize");
		strvec_push(&c->args, "1");
	}
	rules_spatch_flags(&c->args);
	if (rules->macro_file) {
		strvec_push(&c->args, "--macro-file");
		strvec_push(&c->args, rules->macro_file);
	}
	if (rules->iso_file) {
		strvec_push(&c->args, "--iso-file");
		strvec_push(&c->args, rules->iso_file);
	}
	strvec_push(&c->args, "--timeout");
	strvec_pushf(&c->args, "%d", o->timeout_sec);
	c->out.cap = 256 << 20;
	c->err.cap = 256 << 20;
	return 0;
}

static bool in_batch(const struct batch_run *b, size_t idx)
{
	for (size_t i = 0; i < b->nr; i++)
		if (b->idx[i] == idx)
			return true;
	return false;
}

static void set_time(struct batch_run *b, size_t idx, double seconds)
{
	double ms = seconds * 1000 + 0.5;

	b->job->res->v[idx].spatch_ms = ms < 1 ? 1 : ms > 1e9 ? 1000000000 : (unsigned)ms;
}

/*
 * One worker's "<monotonic seconds> TAB <scratch name>" lines, in the
 * order it started its files: a file's time runs to the next line, the
 * last one's to the end of the process (a worker that ends early takes
 * an end file, see write_groups()).  Returns how many real files it
 * started.
 */
static size_t time_worker(struct batch_run *b, const char *text, size_t len, bool set)
{
	const char *p = text, *end = text + len;
	size_t started = 0, cur = 0, idx;
	bool timing = false;
	double start = 0;

	while (p < end) {
		size_t n;
		const char *next = next_line(p, end, &n), *tab = memchr(p, '\t', n);
		char *num_end;
		double t = strtod(p, &num_end);

		p = next;
		if (!tab || num_end != tab)
			continue;
		if (timing && set && t >= start)
			set_time(b, cur, t - start);
		timing = result_of(b->job->res, tab + 1, (size_t)(p - tab - 1) - (p[-1] == '\n'),
				   &idx) && in_batch(b, idx);
		if (timing) {
			cur = idx;
			start = t;
			started++;
		}
	}
	if (timing && set && b->ended >= start)
		set_time(b, cur, b->ended - start);
	return started;
}

/* The text of `path`, quietly: a log may not be there (yet). */
static int read_log(struct buf *out, const char *path)
{
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* How many real files the workers of the round in `logs` started. */
static size_t count_started(const char *logs, struct batch_run *b, bool set)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct dirent *de;
	size_t started = 0;
	DIR *d = opendir(logs);

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "start.", 6))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", logs, de->d_name);
		buf_reset(&text);
		if (!read_log(&text, path.ptr))
			started += time_worker(b, text.ptr, text.len, set);
	}
	if (d)
		closedir(d);
	buf_release(&path);
	buf_release(&text);
	return started;
}

/*
 * Every file must be in spatch's log: processed, unparsed or timed out.
 * Anything else (a spatch that exits 0 having done nothing, output cut
 * short) is an error for the whole run, reported once by run_queue(),
 * and nothing of the run is cached.  Called under the lock.
 */
static bool count_unhandled(struct batch_run *b, const struct child *c)
{
	struct spatch_job *job = b->job;
	size_t before = job->unhandled;

	for (size_t i = 0; i < b->nr; i++)
		if (!job->handled[b->idx[i]] && !job->unhandled++)
			job->first_unhandled = b->idx[i];
	if (job->unhandled == before)
		return false;
	if (!before)
		job->why_unhandled = c->out.truncated || c->err.truncated ?
				     ", its output was cut short" :
				     c->err.len ? "" : ", it printed no log";
	return true;
}

static int report_unhandled(const struct spatch_job *job, size_t total)
{
	if (!job->unhandled)
		return 0;
	return error("spatch did not process %zu of %zu files, e.g. '%s'%s; nothing of this "
		     "run was cached", job->unhandled, total,
		     job->res->v[job->first_unhandled].path, job->why_unhandled);
}

/* spatch's result for the sliced text back on the original text. */
static int unslice(struct file_result *f, const struct slice *s)
{
	struct buf whole = BUF_INIT;

	if (slice_restore(&whole, s, f->orig.ptr, f->converted.ptr, f->converted.len) < 0) {
		buf_release(&whole);
		return -1;
	}
	buf_release(&f->converted);
	f->converted = whole;
	return 0;
}

static void idx_list_add(struct idx_list *l, size_t cap, size_t idx)
{
	if (!l->v)
		l->v = xcalloc(cap, sizeof(*l->v));
	l->v[l->nr++] = idx;
}

static int read_back(struct batch_run *b)
{
	struct results *res = b->job->res;
	struct buf path = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < b->nr && !ret; i++) {
		struct file_result *f = &res->v[b->idx[i]];

		if (b->mixed[b->idx[i]]) {
			file_result_clear(f);
			idx_list_add(&b->again, b->nr, b->idx[i]);
			continue;
		}
		if (f->status == FILE_TIMEOUT || f->status == FILE_FAILED) {
			file_result_drop_sites(f);
			continue;
		}
		buf_release(&f->converted);
		scratch_path(&path, b, b->idx[i]);
		if ((ret = buf_read_file(&f->converted, path.ptr)) < 0)
			break;
		if (b->slices && b->slices[i].nr &&
		    (f->blank_parse_error || unslice(f, &b->slices[i]) < 0)) {
			file_result_clear(f);
			idx_list_add(&b->whole, b->nr, b->idx[i]);
			continue;
		}
		f->changed = f->orig.len != f->converted.len ||
			     memcmp(f->orig.ptr, f->converted.ptr, f->orig.len);
		if (!f->changed)
			buf_release(&f->converted);
		file_result_tidy(f);
	}
	buf_release(&path);
	return ret;
}

/*
 * A worker's messages go to the shared log until start_file() gives it
 * logs of its own; with the start files of write_groups() that is no
 * real file's.  Should two real files still be in the shared log (rules
 * without start_file(), more workers than start files taken), their
 * messages may be mixed: mark them to run again on their own.
 */
static void find_mixed(struct batch_run *b, const char *err, size_t len)
{
	const char *p = err, *end = err + len;
	size_t found = 0, first = 0, idx, skip;

	while (p < end) {
		size_t n;
		const char *next = next_line(p, end, &n);

		if (starts(p, n, "HANDLING: ", &skip) &&
		    result_of(b->job->res, p + skip, n - skip, &idx) && in_batch(b, idx) &&
		    !b->mixed[idx]) {
			b->mixed[idx] = 1;
			if (!found++)
				first = idx;
		}
		p = next;
	}
	if (found == 1)
		b->mixed[first] = 0;
}

/* The report and log of each worker that got files of its own. */
static int parse_worker_logs(struct batch_run *b)
{
	struct buf dir = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	buf_puts(&dir, b->logs.ptr);
	if (!(d = opendir(dir.ptr))) {
		ret = error_errno("cannot read the logs of spatch's workers in '%s'", dir.ptr);
		goto out;
	}
	while (!ret && (de = readdir(d))) {
		bool report = !strncmp(de->d_name, "out.", 4);

		if (!report && strncmp(de->d_name, "err.", 4))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir.ptr, de->d_name);
		buf_reset(&text);
		if ((ret = buf_read_file(&text, path.ptr)) < 0)
			break;
		if (report)
			spatch_parse_report(b->job->res, text.ptr, text.len);
		else
			spatch_parse_log(b->job->res, text.ptr, text.len, b->job->handled);
	}
	closedir(d);
out:
	buf_release(&dir);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

static int parse_output(struct batch_run *b, const struct child *c, bool *unhandled)
{
	struct spatch_job *job = b->job;
	int ret;

	pthread_mutex_lock(&job->lock);
	spatch_parse_report(job->res, c->out.ptr, c->out.len);
	spatch_parse_log(job->res, c->err.ptr, c->err.len, job->handled);
	if (b->workers > 1)
		find_mixed(b, c->err.ptr, c->err.len);
	ret = parse_worker_logs(b);
	count_started(b->logs.ptr, b, true);
	*unhandled = count_unhandled(b, c);
	pthread_mutex_unlock(&job->lock);
	return ret;
}

/* Wait for the prestarted spatch; its child is then c's. */
static int pre_finish(struct spatch_pre *pre, struct child *c)
{
	if (!pre->joined)
		pthread_join(pre->thread, NULL);
	pre->joined = true;
	*c = pre->child;
	pre->child = (struct child)CHILD_INIT;
	return pre->ret;
}

static int run_spatch(struct batch_run *b, bool *unhandled)
{
	struct spatch_job *job = b->job;
	const char *rule = job->rules->sp_file;
	struct child c = CHILD_INIT;
	int ret = 0;

	if (b->pre) {
		ret = pre_finish(b->pre, &c);
	} else if (!(ret = build_argv(&c, job->rules, job->opts, b->root.ptr, b->workers))) {
		c.timeout_ms = (job->opts->timeout_sec * ((int)b->nr + 1) + 300) * 1000;
		ret = child_run(&c);
	}
	if (ret < 0)
		goto out;
	b->ended = monotonic_seconds();
	if (!child_succeeded(&c)) {
		ret = error("spatch %s on %zu files (rules '%s'): %s", c.timed_out ?
			    "ran out of time" : "failed", b->nr, rule, c.err.len ?
			    c.err.ptr + (c.err.len > 300 ? c.err.len - 300 : 0) : "no output");
		goto out;
	}
	ret = parse_output(b, &c, unhandled);
out:
	child_release(&c);
	return ret;
}

static void batch_run_release(struct batch_run *b)
{
	for (size_t i = 0; b->slices && i < b->nr; i++)
		slice_release(&b->slices[i]);
	free(b->slices);
	buf_release(&b->logs);
	free(b->mixed);
	free(b->again.v);
	free(b->whole.v);
	buf_release(&b->root);
}

/* The round the progress counts files of as they start (one batch only). */
static void set_live(struct spatch_job *job, struct batch_run *b)
{
	if (job->plan.nr_batches != 1)
		return;
	pthread_mutex_lock(&job->lock);
	job->live = b;
	pthread_mutex_unlock(&job->lock);
}

static size_t live_started(struct spatch_job *job)
{
	size_t n = 0;

	pthread_mutex_lock(&job->lock);
	if (job->live)
		n = count_started(job->live->logs.ptr, job->live, false);
	pthread_mutex_unlock(&job->lock);
	return n;
}

/*
 * One spatch over files idx[0..nr), with `workers` processes, sliced or
 * whole; then the rounds for the files it hands on: those whose log was
 * mixed run on their own, those whose slices did not go back (spatch
 * changed a stand-in) run whole.
 */
static int run_round(struct spatch_job *job, const char *name, const size_t *idx, size_t nr,
		     bool sliced, int workers, struct spatch_pre *pre)
{
	struct batch_run b = { .job = job, .idx = idx, .nr = nr, .workers = workers,
			       .root = BUF_INIT, .logs = BUF_INIT, .pre = pre };
	bool unhandled = false;
	struct buf next = BUF_INIT;
	int ret;

	if (sliced)
		b.slices = xcalloc(nr, sizeof(*b.slices));
	b.mixed = xcalloc(job->res->nr + 1, 1);
	buf_printf(&b.root, "%s/%s", job->scratch, name);
	buf_printf(&b.logs, "%s/logs", b.root.ptr);
	set_live(job, &b);
	if (!(ret = materialize(&b)) && !(ret = run_spatch(&b, &unhandled)) && !unhandled)
		ret = read_back(&b);
	else if (pre && !pre->joined)
		spatch_prestart_stop(pre);
	set_live(job, NULL);
	remove_tree(b.root.ptr);
	atomic_fetch_add(&job->files_done, nr - b.again.nr - b.whole.nr);
	if (!ret && b.again.nr) {
		buf_printf(&next, "%s-alone", name);
		ret = run_round(job, next.ptr, b.again.v, b.again.nr, sliced, 1, NULL);
	}
	if (!ret && b.whole.nr) {
		buf_reset(&next);
		buf_printf(&next, "%s-whole", name);
		ret = run_round(job, next.ptr, b.whole.v, b.whole.nr, false, 1, NULL);
	}
	buf_release(&next);
	batch_run_release(&b);
	return ret;
}

static int run_batch(struct spatch_job *job, size_t k)
{
	const struct spatch_batch *sb = &job->plan.batches[k];
	struct buf name = BUF_INIT;
	int ret;

	buf_printf(&name, "b%zu", k);
	if (job->pre)
		ret = run_round(job, name.ptr, job->plan.order + sb->first, sb->nr, job->slice,
				job->pre->workers, job->pre);
	else
		ret = run_round(job, name.ptr, job->plan.order + sb->first, sb->nr, job->slice,
				job->plan.nr_batches > 1 ? 1 :
				spatch_workers(job->opts->jobs, sb->nr), NULL);
	buf_release(&name);
	return ret;
}

/* The next batch, or false when there is none or the queue stopped. */
static bool take_batch(struct spatch_job *job, size_t *k)
{
	bool ok;

	pthread_mutex_lock(&job->lock);
	ok = !job->ret && job->next_batch < job->plan.nr_batches;
	if (ok)
		*k = job->next_batch++;
	pthread_mutex_unlock(&job->lock);
	return ok;
}

static void *spatch_worker(void *arg)
{
	struct spatch_job *job = arg;
	size_t k;

	while (take_batch(job, &k)) {
		int ret = run_batch(job, k);

		if (ret) {
			pthread_mutex_lock(&job->lock);
			if (!job->ret)
				job->ret = ret;
			pthread_mutex_unlock(&job->lock);
		}
	}
	atomic_fetch_sub(&job->running, 1);
	return NULL;
}

static int run_queue(struct spatch_job *job, int nr_workers)
{
	pthread_t *threads = xcalloc((size_t)nr_workers, sizeof(*threads));
	struct progress *p = progress_start("Running spatch", job->plan.nr);
	int started = 0, ret;

	atomic_store(&job->running, nr_workers);
	for (; started < nr_workers; started++)
		if (pthread_create(&threads[started], NULL, spatch_worker, job))
			break;
	if (!started)
		BUG("cannot start a thread");
	atomic_fetch_sub(&job->running, nr_workers - started);
	while (atomic_load(&job->running) > 0) {
		progress_update(p, atomic_load(&job->files_done) + live_started(job));
		progress_sleep();
	}
	for (int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	progress_done(p, job->plan.nr);
	ret = report_unhandled(job, job->plan.nr);
	if (!ret)
		ret = job->ret;
	free(threads);
	return ret;
}

static size_t max_batch_files(void)
{
	const char *env = getenv("KMAP_LOCAL_SPATCH_BATCH");

	return env && *env >= '1' && *env <= '9' ? (size_t)strtoul(env, NULL, 10) : 0;
}

/* Free a prestarted spatch that has exited (or never started), and its scratch. */
void spatch_prestart_free(struct spatch_pre *pre)
{
	if (!pre)
		return;
	child_release(&pre->child);
	if (pre->scratch.len)
		scratch_remove(pre->scratch.ptr);
	buf_release(&pre->scratch);
	buf_release(&pre->root);
	free(pre);
}

static void *pre_thread(void *arg)
{
	struct spatch_pre *pre = arg;

	pre->ret = child_run(&pre->child);
	atomic_store(&pre->done, true);
	return NULL;
}

int spatch_prestart(struct spatch_pre **out, const struct rules *rules,
		    const struct spatch_opts *o, size_t max_files)
{
	struct spatch_pre *pre = xcalloc(1, sizeof(*pre));
	struct buf path = BUF_INIT;
	long long ms;
	int ret;

	*out = NULL;
	if (max_batch_files()) {	/* batches: a spatch each, none started before */
		free(pre);
		return 0;
	}
	pre->scratch = (struct buf)BUF_INIT;
	pre->root = (struct buf)BUF_INIT;
	pre->child = (struct child)CHILD_INIT;
	pre->workers = o->jobs < 1 ? 1 : o->jobs;
	if ((ret = scratch_create(&pre->scratch, "spatch")) < 0)
		goto fail;
	buf_printf(&pre->root, "%s/b0", pre->scratch.ptr);
	buf_printf(&path, "%s/tmp", pre->root.ptr);
	if ((ret = mkdir_p(path.ptr)) < 0)
		goto fail;
	buf_reset(&path);
	buf_printf(&path, "%s/groups", pre->root.ptr);
	if (mkfifo(path.ptr, 0600) < 0) {
		ret = error_errno("cannot make the spatch FIFO '%s'", path.ptr);
		goto fail;
	}
	if ((ret = build_argv(&pre->child, rules, o, pre->root.ptr, pre->workers)) < 0)
		goto fail;
	ms = ((long long)o->timeout_sec * ((long long)max_files + 1) + 300) * 1000;
	pre->child.timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
	if (pthread_create(&pre->thread, NULL, pre_thread, pre))
		BUG("cannot start a thread");
	buf_release(&path);
	*out = pre;
	return 0;
fail:
	buf_release(&path);
	spatch_prestart_free(pre);
	return ret;
}

/*
 * A prestarted spatch that gets no files need not finish starting: it is
 * killed as soon as it runs (its thread may not have started it yet).
 */
static void pre_kill(struct spatch_pre *pre)
{
	pre->fed = true;
	while (!atomic_load(&pre->done)) {
		child_kill(&pre->child);
		usleep(2000);
	}
}

void spatch_prestart_stop(struct spatch_pre *pre)
{
	struct child c = CHILD_INIT;

	if (!pre || pre->joined)
		return;
	if (!pre->fed)
		pre_kill(pre);
	pre_finish(pre, &c);
	child_release(&c);
}

int spatch_run(struct results *res, const size_t *idx, size_t nr, const struct rules *rules,
	       const struct spatch_opts *o, struct spatch_pre *pre)
{
	struct spatch_job job = { .res = res, .rules = rules, .opts = o };
	struct buf scratch = BUF_INIT;
	int ret = 0, nr_workers;
	size_t max_files = max_batch_files();

	if (pre && (!nr || max_files)) {
		spatch_prestart_stop(pre);
		spatch_prestart_free(pre);
		pre = NULL;
	}
	if (!nr)
		return 0;
	if (pre)
		job.scratch = pre->scratch.ptr;
	else if ((ret = scratch_create(&scratch, "spatch")) < 0)
		goto out;
	else
		job.scratch = scratch.ptr;
	job.pre = pre;
	job.slice = slice_enabled();
	if (max_files)
		spatch_plan_make(&job.plan, res, idx, nr, o->jobs, max_files);
	else
		spatch_plan_one(&job.plan, res, idx, nr);
	nr_workers = o->jobs < 1 ? 1 : (size_t)o->jobs > job.plan.nr_batches ?
		     (int)job.plan.nr_batches : o->jobs;
	job.handled = xcalloc(res->nr + 1, 1);
	pthread_mutex_init(&job.lock, NULL);
	ret = run_queue(&job, nr_workers);
	pthread_mutex_destroy(&job.lock);
	free(job.handled);
	spatch_plan_release(&job.plan);
out:
	if (scratch.len)
		scratch_remove(scratch.ptr);
	buf_release(&scratch);
	spatch_prestart_free(pre);
	return ret;
}
