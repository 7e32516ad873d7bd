#ifndef KMAP_SPATCH_H
#define KMAP_SPATCH_H
/*
 * Run the rules over candidate files.  The files are queued slowest first
 * (by the time spatch took on each last time, else by size), written into
 * a private scratch directory (never the work tree) and given to one
 * spatch process (--file-groups in that order, --in-place, per-file
 * --timeout) that runs `jobs` workers (--jobs, --chunksize 1): the
 * semantic patch is parsed once, and each worker takes the next file as it
 * finishes one, so every core stays busy to the end.  The rules'
 * start_file() gives each worker a log of its own, so every message is
 * read as its worker wrote it.  Afterwards each file's converted text is
 * read back, the report lines the rules printed become its sites, and a
 * file spatch could not parse or that timed out gets that status and a
 * reason; the other files carry on.  What spatch makes of a file does not
 * depend on the worker or the other files: the rules keep no state from
 * one file to the next.
 */
#include "repo.h"
#include "results.h"
#include "rules.h"

struct spatch_pre;

struct spatch_opts {
	int jobs;
	int timeout_sec;	/* per file */
};

/*
 * Process res->v[idx[0..nr)] (fresh, status OK, no sites, text in `orig`).
 * Sets each processed file's `spatch_ms`.
 */
int spatch_run(struct results *res, const size_t *idx, size_t nr, const struct rules *rules,
	       const struct spatch_opts *o, struct spatch_pre *pre);

/*
 * Start the one spatch of a run before its candidates are known, so that
 * it parses the rules and starts Python while they are found (~1 s on one
 * core).  It waits for its file list on a FIFO; spatch_run() hands it the
 * files and frees it (also when it cannot use it: batches, nothing to
 * do).  On a path that never reaches spatch_run(),
 * spatch_prestart_stop() kills it and waits for it to exit, and then it
 * is freed with spatch_prestart_free().  `max_files` bounds the
 * run's files, for its time limit.  With $KMAP_LOCAL_SPATCH_BATCH (a
 * spatch per batch) none is started: *out is NULL.
 */
int spatch_prestart(struct spatch_pre **out, const struct rules *rules,
		    const struct spatch_opts *o, size_t max_files);
void spatch_prestart_stop(struct spatch_pre *pre);
void spatch_prestart_free(struct spatch_pre *pre);

/*
 * The queue: `order` holds the result indices, the file expected to take
 * longest first; batch i is order[first .. first + nr).  spatch_plan_one()
 * makes one batch of them all, for one spatch with workers.  With
 * `max_files` (KMAP_LOCAL_SPATCH_BATCH, for tests) spatch_plan_make() cuts
 * batches, each one spatch process of one worker, run `jobs` at a time:
 * a batch is cut at
 * about a (2 x jobs)th of the work still queued, so the last batches are
 * small, but not below SPATCH_MIN_BATCH_MS of expected work (a spatch
 * process takes 0.5-0.8 s of CPU to start with cocci/kernel.iso, about a
 * fifth of the smallest batch) nor above `max_files` files (0: no
 * limit; KMAP_LOCAL_SPATCH_BATCH sets it, for tests).  A file whose time
 * is unknown is expected to take time in proportion to its size.
 * Exposed for unit tests.
 */
#define SPATCH_MIN_BATCH_MS 3000

struct spatch_batch {
	size_t first, nr;
};

struct spatch_plan {
	size_t *order;
	size_t nr;
	struct spatch_batch *batches;
	size_t nr_batches;
};

void spatch_plan_make(struct spatch_plan *out, const struct results *res, const size_t *idx,
		      size_t nr, int jobs, size_t max_files);
void spatch_plan_one(struct spatch_plan *out, const struct results *res, const size_t *idx,
		     size_t nr);
void spatch_plan_release(struct spatch_plan *p);
/* How many workers one spatch over `files` files gets. */
int spatch_workers(int jobs, size_t files);

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
