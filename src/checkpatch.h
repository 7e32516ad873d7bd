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
#include "buf.h"
#include <stdbool.h>

struct checkpatch {
	char *dir;		/* scratch copy of scripts/, or NULL if the tree has none */
};

#define CHECKPATCH_INIT { NULL }

/* What checkpatch said of a set of patch files: counts and notes. */
struct checkpatch_result {
	struct buf notes;	/* a summary line, then the findings per file */
	unsigned errors, warnings, checks;
};

#define CHECKPATCH_RESULT_INIT { BUF_INIT, 0, 0, 0 }

int checkpatch_prepare(struct checkpatch *cp, struct repo *r);
bool checkpatch_available(const struct checkpatch *cp);
/* Check the `nr` patch files, `jobs` at a time; `out` is replaced. */
int checkpatch_run(struct checkpatch_result *out, const struct checkpatch *cp,
		   const char *const *files, size_t nr, int jobs);
void checkpatch_result_release(struct checkpatch_result *res);
void checkpatch_release(struct checkpatch *cp);

#endif
