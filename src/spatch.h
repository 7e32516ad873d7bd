#ifndef KMAP_SPATCH_H
#define KMAP_SPATCH_H
/*
 * Run the rules over candidate files.  The blobs are written into a private
 * scratch directory (never the work tree), split into `jobs` lists balanced
 * by size, and each list is handed to one spatch process (--dir, --in-place,
 * per-file --timeout).  Afterwards each file's converted text is read back,
 * the report lines the rules printed become its sites, and a file spatch
 * could not parse or that timed out gets that status and a reason; the
 * other files carry on.
 */
#include "repo.h"
#include "results.h"
#include "rules.h"

struct spatch_opts {
	int jobs;
	int timeout_sec;	/* per file */
};

/* Process res->v[idx[0..nr)] (fresh, status OK, no sites). */
int spatch_run(struct results *res, const size_t *idx, size_t nr, struct repo *r,
	       const struct rules *rules, const struct spatch_opts *o);

/*
 * Parse one worker's output.  `root` is the directory spatch was given
 * ("<scratch>/w0"); paths spatch prints below it are matched against the
 * results' paths.  Exposed for unit tests.
 */
void spatch_parse_report(struct results *res, const char *root, const char *out);
void spatch_parse_log(struct results *res, const char *root, const char *err);

#endif
