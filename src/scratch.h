#ifndef KMAP_SCRATCH_H
#define KMAP_SCRATCH_H
/*
 * Private scratch directories under $TMPDIR (default /tmp), named
 * "kmap-local.<pid>.XXXXXX" so that a later run can tell whose they are.
 *
 * scratch_create() makes one and remembers it until scratch_remove();
 * scratch_remove_all() is what an interrupt runs, so no scratch outlives
 * a Ctrl-C, SIGTERM or SIGHUP.  The first scratch_create() of a run also
 * removes the scratch directories of our own processes that died without
 * cleaning up (SIGKILL, a crash).  Safe to call from several threads.
 */
#include "buf.h"

/* `what` names the purpose in errors ("spatch", "checkpatch"). */
int scratch_create(struct buf *out, const char *what);
void scratch_remove(const char *path);
void scratch_remove_all(void);

#endif
