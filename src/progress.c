#include "progress.h"
#include "buf.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
	const char *title;
	size_t total;
	size_t last;
	struct timespec started;
};

static bool wanted(void)
{
	const char *force = getenv("KMAP_LOCAL_PROGRESS");

	if (force && *force)
		return strcmp(force, "0") != 0;
	return !quiet && isatty(2);
}

struct progress *progress_start(const char *title, size_t total)
{
	struct progress *p;

	if (!wanted())
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->title = title;
	p->total = total;
	p->last = (size_t)-1;
	clock_gettime(CLOCK_MONOTONIC, &p->started);
	return p;
}

static void draw(struct progress *p, size_t n, const char *end)
{
	if (p->total)
		fprintf(stderr, "\r%s: %3zu%% (%zu/%zu)%s", p->title,
			n * 100 / p->total, n, p->total, end);
	else
		fprintf(stderr, "\r%s: %zu%s", p->title, n, end);
	fflush(stderr);
}

void progress_update(struct progress *p, size_t n)
{
	if (!p || n == p->last)
		return;
	p->last = n;
	draw(p, n, "");
}

void progress_done(struct progress *p, size_t n)
{
	struct timespec now;
	double secs;
	char end[64];

	if (!p)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (double)(now.tv_sec - p->started.tv_sec) +
	       (double)(now.tv_nsec - p->started.tv_nsec) / 1e9;
	snprintf(end, sizeof(end), ", done in %.1fs.\n", secs);
	draw(p, n, end);
	free(p);
}

void progress_sleep(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

double monotonic_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
