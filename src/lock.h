#ifndef KMAP_LOCK_H
#define KMAP_LOCK_H
/*
 * Advisory locks between kmap-local processes: an exclusive flock() on a
 * lock file, which holds the owner's pid for messages.  The kernel drops
 * the lock when the process ends, however it ends, so a lock file left
 * behind is harmless and never needs cleaning up.
 */
#include <stdbool.h>

struct lock {
	int fd;
	char *path;
};

#define LOCK_INIT { -1, NULL }

enum lock_mode {
	LOCK_WAIT,	/* block until the other run is done (saying so once) */
	LOCK_FAIL,	/* an error naming the other run */
};

/* Lock `path` (created if missing); `what` names the resource in messages. */
int lock_take(struct lock *l, const char *path, const char *what, enum lock_mode mode);
void lock_release(struct lock *l);

#endif
