/* parallel.c: every index once, the first error, no threads when one job. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "parallel.h"

#define N 1000

struct seen {
	atomic_int count[N];
	pthread_t thread[N];
	size_t fail_from;
};

static int note(size_t i, void *arg)
{
	struct seen *s = arg;

	atomic_fetch_add(&s->count[i], 1);
	s->thread[i] = pthread_self();
	return i >= s->fail_from ? -(int)(i % 7) - 2 : 0;
}

static void test_each_index_once(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));

	(void)state;
	s->fail_from = N;
	assert_int_equal(parallel_for(N, 4, note, s), 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&s->count[i]), 1);
	free(s);
}

static void test_error_still_runs_the_rest(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));
	int ret;

	(void)state;
	s->fail_from = N - 10;
	ret = parallel_for(N, 2, note, s);
	assert_true(ret <= -2 && ret >= -8);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&s->count[i]), 1);
	free(s);
}

static void test_one_job_runs_here(void **state)
{
	struct seen *s = calloc(1, sizeof(*s));

	(void)state;
	s->fail_from = 5;
	assert_int_equal(parallel_for(6, 1, note, s), -7);
	for (size_t i = 0; i < 6; i++)
		assert_true(pthread_equal(s->thread[i], pthread_self()));
	assert_int_equal(parallel_for(0, 2, note, s), 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_index_once),
		cmocka_unit_test(test_error_still_runs_the_rest),
		cmocka_unit_test(test_one_job_runs_here),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
