#ifndef KMAP_CACHE_H
#define KMAP_CACHE_H
/*
 * What the rules made of each blob, kept under
 * <gitdir>/kmap-local/cache/<rules hash>/<blob id>, so an unchanged file is
 * never given to spatch twice and a rebase re-processes only changed files.
 * The rules hash covers the semantic patches, the spatch version and its
 * flags.  An entry that does not read back exactly is ignored and rebuilt.
 * Timeouts and spatch failures are not cached (they may not recur).
 */
#include "repo.h"
#include "results.h"
#include "rules.h"

struct cache {
	struct buf dir;
	struct buf times;	/* the spatch-times file */
};

#define CACHE_INIT { BUF_INIT, BUF_INIT }

int cache_open(struct cache *c, struct repo *r, const struct rules *rules);
/*
 * 1 when `f` was filled from the cache, 0 on a miss (or an entry that is
 * not whole), a negative error when the entry cannot be read (say, it is
 * not a regular file).
 */
int cache_load(struct cache *c, struct file_result *f);
int cache_store(struct cache *c, const struct file_result *f);
void cache_release(struct cache *c);
/*
 * Did the last run with these rules that finished convert this tree?  A
 * run that may find files changed since starts spatch early (convert.c).
 */
bool cache_tree_seen(const struct cache *c, const git_oid *tree);
/* Note the tree this run converted. */
int cache_note_tree(const struct cache *c, const git_oid *tree);

/*
 * How long spatch took on each path the last time it ran on it, for the
 * scheduler (see spatch.h): <gitdir>/kmap-local/cache/spatch-times, shared
 * by all rule sets (a slow file stays slow) and keyed by path, so a changed
 * file is still known.  Records are "<ms> <path>\0", sorted by path; a
 * file that does not read back is ignored (times are only estimates).
 *
 * cache_load_times() sets `spatch_ms` of every result whose path is known;
 * cache_store_times() adds the times of res->v[idx[0..nr)] (those that
 * have one) to what is on disk, under a lock.
 */
int cache_load_times(struct cache *c, struct results *res);
int cache_store_times(struct cache *c, const struct results *res, const size_t *idx, size_t nr);

/*
 * An entry's text, and the way back: cache_parse() fills `f` (a fresh
 * result) and is false for anything cache_format() would not have written.
 * Exposed for tests.
 */
void cache_format(struct buf *out, const struct file_result *f);
bool cache_parse(struct file_result *f, const struct buf *entry);

#endif
