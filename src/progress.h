#ifndef KMAP_PROGRESS_H
#define KMAP_PROGRESS_H
/*
 * A "Title: 42% (n/total)" line on stderr, redrawn in place, only when
 * stderr is a terminal and -q was not given (NULL otherwise; every
 * function accepts NULL).  KMAP_LOCAL_PROGRESS=1 forces it on for tests.
 */
#include <stddef.h>

struct progress;

struct progress *progress_start(const char *title, size_t total);
void progress_update(struct progress *p, size_t n);
void progress_done(struct progress *p, size_t n);
void progress_sleep(void);
/* Seconds on the monotonic clock, for measuring how long a step took. */
double monotonic_seconds(void);

#endif
