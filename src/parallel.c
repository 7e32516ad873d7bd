#include "parallel.h"
#include "buf.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct parallel_job {
	size_t nr;
	int (*fn)(size_t i, void *arg);
	void *arg;
	atomic_size_t next;
	atomic_int ret;
};

static void *parallel_worker(void *data)
{
	struct parallel_job *j = data;
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->nr) {
		int ret = j->fn(i, j->arg);
		int none = 0;

		if (ret < 0)
			atomic_compare_exchange_strong(&j->ret, &none, ret);
	}
	return NULL;
}

int parallel_for(size_t nr, int jobs, int (*fn)(size_t i, void *arg), void *arg)
{
	struct parallel_job j = { nr, fn, arg, 0, 0 };
	size_t want = jobs > 1 && nr > 1 ? (size_t)jobs < nr ? (size_t)jobs : nr : 0;
	pthread_t *threads = xcalloc(want + 1, sizeof(*threads));
	size_t started = 0;

	while (started < want && !pthread_create(&threads[started], NULL, parallel_worker, &j))
		started++;
	if (!started)
		parallel_worker(&j);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	return atomic_load(&j.ret);
}
