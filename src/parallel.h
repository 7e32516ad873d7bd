#ifndef KMAP_PARALLEL_H
#define KMAP_PARALLEL_H
/*
 * Run fn(0) ... fn(nr - 1) on up to `jobs` threads that pull the next index
 * from a shared counter, so a slow item does not hold back a fixed share.
 * Each index runs once; fn must not touch another index's data.  Returns
 * the first negative value any call returned (the others still run), else 0.
 * When no thread can be started the calls run on the caller's thread.
 */
#include <stddef.h>

int parallel_for(size_t nr, int jobs, int (*fn)(size_t i, void *arg), void *arg);

#endif
