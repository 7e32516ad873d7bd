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

/* Process res->v[idx[0..nr)] (fresh, status OK, no sites, text in `orig`). */
int spatch_run(struct results *res, const size_t *idx, size_t nr, const struct rules *rules,
	       const struct spatch_opts *o);

/*
 * The name a candidate has in a worker's directory, whatever its path:
 * "src/<index in res>.c" (".h" for a header).  spatch never sees a path
 * of the repository.
 */
void spatch_scratch_name(struct buf *out, const struct results *res, size_t idx);

/*
 * Parse one worker's output (length-delimited text).  Report lines and log
 * lines name files by their scratch names; others are ignored.  `handled`
 * (NULL, or one byte per result) gets a 1 for each file spatch logged as
 * HANDLING.  Exposed for unit tests and fuzzing.
 */
void spatch_parse_report(struct results *res, const char *out, size_t len);
void spatch_parse_log(struct results *res, const char *err, size_t len,
		      unsigned char *handled);

#endif
