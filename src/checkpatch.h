#ifndef KMAP_CHECKPATCH_H
#define KMAP_CHECKPATCH_H
/*
 * Run the base tree's own scripts/checkpatch.pl over written patch files.
 *
 * The script and the data files it reads beside itself (spelling.txt,
 * const_structs.checkpatch) are copied from the base tree into a scratch
 * directory, so the user's work tree is never needed; it runs as b4 runs
 * it, with --no-tree -q --terse --no-summary --mailback --showfile, one
 * process per patch, `jobs` at a time.  A tree without checkpatch.pl
 * simply has no checkpatch results.
 */
#include "repo.h"
#include "series.h"
#include <stdbool.h>

struct checkpatch {
	char *dir;		/* scratch copy of scripts/, or NULL if the tree has none */
};

#define CHECKPATCH_INIT { NULL }

int checkpatch_prepare(struct checkpatch *cp, struct repo *r);
bool checkpatch_available(const struct checkpatch *cp);
/* Check every patch of `s`; counts and notes land in the series. */
int checkpatch_run(struct series *s, const struct checkpatch *cp, int jobs);
void checkpatch_release(struct checkpatch *cp);

#endif
