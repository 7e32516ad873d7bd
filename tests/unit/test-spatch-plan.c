/*
 * Unit tests for the spatch queue (spatch_plan_make() in src/spatch.h):
 * slowest-known files first, unknown ones by size, big batches first and
 * small ones last; and for the times it is planned from
 * (cache_load_times(), cache_store_times() in src/cache.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cache.h"
#include "spatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* n results "f<i>.c" with the given sizes and known times (0: unknown). */
static void make(struct results *res, size_t n, const size_t *size, const unsigned *ms)
{
	git_oid id;

	memset(&id, 0, sizeof(id));
	*res = (struct results){ 0 };
	for (size_t i = 0; i < n; i++) {
		char path[32];
		struct file_result *f;

		snprintf(path, sizeof(path), "f%02zu.c", i);
		f = results_add(res, path, &id);
		f->size = size[i];
		f->spatch_ms = ms ? ms[i] : 0;
	}
}

static void plan_all(struct spatch_plan *p, const struct results *res, int jobs,
		     size_t max_files)
{
	size_t *idx = calloc(res->nr + 1, sizeof(*idx));

	for (size_t i = 0; i < res->nr; i++)
		idx[i] = i;
	spatch_plan_make(p, res, idx, res->nr, jobs, max_files);
	free(idx);
}

static void assert_order(const struct spatch_plan *p, const size_t *want, size_t n)
{
	assert_int_equal(p->nr, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p->order[i], want[i]);
}

/* The batches cover the order once, in order, none empty. */
static void assert_batches_cover(const struct spatch_plan *p)
{
	size_t next = 0;

	for (size_t b = 0; b < p->nr_batches; b++) {
		assert_int_equal(p->batches[b].first, next);
		assert_true(p->batches[b].nr > 0);
		next += p->batches[b].nr;
	}
	assert_int_equal(next, p->nr);
}

static void test_known_times_first(void **state)
{
	static const size_t size[] = { 100, 100, 100, 100 };
	static const unsigned ms[] = { 300, 50000, 20000, 300 };
	static const size_t want[] = { 1, 2, 0, 3 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 4, size, ms);
	plan_all(&p, &res, 2, 0);
	assert_order(&p, want, 4);
	assert_batches_cover(&p);
	spatch_plan_release(&p);
	results_release(&res);
}

/* Unknown files cost their size at the rate the known ones show. */
static void test_unknown_by_size(void **state)
{
	static const size_t size[] = { 1000, 5000, 30000, 2000, 20000 };
	static const unsigned ms[] = { 10000, 0, 0, 0, 30000 };
	/* 40000 ms for 21000 bytes: f01 ~9500, f02 ~57000, f03 ~3800 */
	static const size_t want[] = { 2, 4, 0, 1, 3 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 5, size, ms);
	plan_all(&p, &res, 2, 0);
	assert_order(&p, want, 5);
	spatch_plan_release(&p);
	results_release(&res);
}

/* With no time known, biggest first; equal sizes keep the path order. */
static void test_nothing_known(void **state)
{
	static const size_t size[] = { 10, 30, 20, 30 };
	static const size_t want[] = { 1, 3, 2, 0 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 4, size, NULL);
	plan_all(&p, &res, 4, 0);
	assert_order(&p, want, 4);
	assert_int_equal(p.nr_batches, 1);	/* far less work than a batch */
	spatch_plan_release(&p);
	results_release(&res);
}

/*
 * 2 workers, 60 s of work: the slowest file alone, then batches of about
 * a quarter of what is left, never below the minimum, the last ones small.
 */
static void test_batches_shrink(void **state)
{
	size_t size[24];
	unsigned ms[24];
	struct results res;
	struct spatch_plan p;
	size_t last;

	(void)state;
	for (size_t i = 0; i < 24; i++) {
		size[i] = 1000;
		ms[i] = i == 5 ? 20000 : 2000;	/* 20 s + 23 x 2 s */
	}
	make(&res, 24, size, ms);
	plan_all(&p, &res, 2, 0);
	assert_batches_cover(&p);
	assert_int_equal(p.order[0], 5);
	assert_int_equal(p.batches[0].nr, 1);
	assert_true(p.nr_batches >= 4);
	for (size_t b = 1; b < p.nr_batches; b++)
		assert_true(p.batches[b].nr <= p.batches[b - 1].nr || b == 1);
	last = p.batches[p.nr_batches - 1].nr;
	assert_true(last * 2000 <= SPATCH_MIN_BATCH_MS);
	/* A batch ends only where one more file would pass the floor. */
	for (size_t b = 1; b + 1 < p.nr_batches; b++)
		assert_true((p.batches[b].nr + 1) * 2000 > SPATCH_MIN_BATCH_MS);
	spatch_plan_release(&p);
	results_release(&res);
}

static void test_max_files(void **state)
{
	static const size_t size[] = { 10, 30, 20, 30, 40 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 5, size, NULL);
	plan_all(&p, &res, 3, 2);
	assert_batches_cover(&p);
	assert_int_equal(p.nr_batches, 3);
	spatch_plan_release(&p);
	plan_all(&p, &res, 3, 1);
	assert_int_equal(p.nr_batches, 5);
	spatch_plan_release(&p);
	results_release(&res);
}

/* Only part of the results go to spatch: only they are planned. */
static void test_subset(void **state)
{
	static const size_t size[] = { 10, 30, 20, 30 };
	static const size_t idx[] = { 0, 2 };
	static const size_t want[] = { 2, 0 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 4, size, NULL);
	spatch_plan_make(&p, &res, idx, 2, 2, 0);
	assert_order(&p, want, 2);
	spatch_plan_release(&p);
	results_release(&res);
}

static void times_file(struct cache *c, char *dir)
{
	assert_non_null(mkdtemp(dir));
	*c = (struct cache)CACHE_INIT;
	buf_printf(&c->times, "%s/spatch-times", dir);
}

static void times_done(struct cache *c, const char *dir)
{
	struct buf lock = BUF_INIT;

	buf_printf(&lock, "%s.lock", c->times.ptr);
	unlink(lock.ptr);
	unlink(c->times.ptr);
	rmdir(dir);
	buf_release(&lock);
	cache_release(c);
}

static void test_times_round_trip(void **state)
{
	static const size_t size[] = { 1, 1, 1 };
	static const unsigned ms[] = { 1200, 0, 7 };
	static const size_t all[] = { 0, 1, 2 }, first[] = { 0 };
	char dir[] = "/tmp/test-spatch-plan.XXXXXX";
	struct results res, again;
	struct cache c;

	(void)state;
	times_file(&c, dir);
	make(&res, 3, size, ms);
	assert_int_equal(cache_store_times(&c, &res, all, 3), 0);
	make(&again, 3, size, NULL);
	assert_int_equal(cache_load_times(&c, &again), 0);
	assert_int_equal(again.v[0].spatch_ms, 1200);
	assert_int_equal(again.v[1].spatch_ms, 0);
	assert_int_equal(again.v[2].spatch_ms, 7);
	results_release(&again);
	/* A later run's time wins; the others stay. */
	res.v[0].spatch_ms = 99;
	assert_int_equal(cache_store_times(&c, &res, first, 1), 0);
	make(&again, 3, size, NULL);
	assert_int_equal(cache_load_times(&c, &again), 0);
	assert_int_equal(again.v[0].spatch_ms, 99);
	assert_int_equal(again.v[2].spatch_ms, 7);
	results_release(&again);
	results_release(&res);
	times_done(&c, dir);
}

/* A file that does not read back is no estimate at all, and no error. */
static void test_times_bad_file(void **state)
{
	static const size_t size[] = { 1 };
	char dir[] = "/tmp/test-spatch-plan.XXXXXX";
	struct results res;
	struct cache c;
	FILE *fp;

	(void)state;
	times_file(&c, dir);
	fp = fopen(c.times.ptr, "w");
	assert_non_null(fp);
	fputs("12 f00.c", fp);	/* no NUL */
	fclose(fp);
	make(&res, 1, size, NULL);
	assert_int_equal(cache_load_times(&c, &res), 0);
	assert_int_equal(res.v[0].spatch_ms, 0);
	results_release(&res);
	times_done(&c, dir);
}

/* One spatch with workers: one batch of every file, in the same order. */
static void test_one_batch(void **state)
{
	static const size_t size[] = { 1000, 5000, 30000, 2000, 20000 };
	static const unsigned ms[] = { 10000, 0, 0, 0, 30000 };
	static const size_t want[] = { 2, 4, 0, 1, 3 };
	static const size_t idx[] = { 0, 1, 2, 3, 4 };
	struct results res;
	struct spatch_plan p;

	(void)state;
	make(&res, 5, size, ms);
	spatch_plan_one(&p, &res, idx, 5);
	assert_order(&p, want, 5);
	assert_int_equal(p.nr_batches, 1);
	assert_batches_cover(&p);
	spatch_plan_release(&p);
	spatch_plan_one(&p, &res, idx, 0);
	assert_int_equal(p.nr_batches, 0);
	spatch_plan_release(&p);
	results_release(&res);
}

static void test_workers(void **state)
{
	(void)state;
	assert_int_equal(spatch_workers(2, 331), 2);
	assert_int_equal(spatch_workers(8, 3), 3);
	assert_int_equal(spatch_workers(2, 1), 1);
	assert_int_equal(spatch_workers(0, 10), 1);
}

#define T(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_known_times_first),
		T(test_unknown_by_size),
		T(test_nothing_known),
		T(test_batches_shrink),
		T(test_max_files),
		T(test_subset),
		T(test_one_batch),
		T(test_workers),
		T(test_times_round_trip),
		T(test_times_bad_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
