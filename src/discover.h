#ifndef KMAP_DISCOVER_H
#define KMAP_DISCOVER_H
/*
 * Pick the candidate files: the C blobs of the base tree that contain one
 * of the rules' tokens as a whole identifier.  Blobs are read by `jobs`
 * threads, each with its own libgit2 handle.  What was learnt about a blob
 * is remembered under the git dir (keyed by blob id and token set), so a
 * second run reads only blobs it has not seen before.
 *
 * A blob the index says the work tree holds unchanged (the entry has its
 * id, and the file the size, mtime and ctime the entry recorded, the mtime older
 * than the index; the blob's size, so no filter changed it) is read from
 * the work-tree file instead, as `git diff` trusts the index: reading a
 * file costs a tenth of inflating its blob.  The file's stat is checked
 * again after reading it; anything else is read from the object store.
 */
#include "repo.h"
#include "rules.h"

struct discover_stats {
	size_t read;		/* files read this run (the others were known) */
	size_t from_worktree;	/* of them, read from the work tree */
};

/* Keeps the entries of `files` that are candidates (sizes filled in). */
int discover(struct blob_list *files, struct repo *r, const struct rules *rules, int jobs,
	     struct discover_stats *stats);

/* Exposed for tests: does `data` contain `tok` as a whole identifier? */
int contains_identifier(const char *data, size_t len, const char *tok);

#endif
