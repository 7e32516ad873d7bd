#ifndef KMAP_RANGE_DIFF_H
#define KMAP_RANGE_DIFF_H
/*
 * The changes between two versions of a series, with `git range-diff`
 * semantics: each commit is compared as its author, its message and its
 * diff (without "index" lines and hunk line numbers, so a moved base does
 * not count).  Commits are paired by change identity (the same files),
 * else by the similarity of their changed lines, never by subject alone;
 * a pair is "=" only when author, message and diff are all the same.
 */
#include "buf.h"
#include "series_state.h"
#include "strvec.h"

/* A commit as range-diff compares it. */
struct rd_commit {
	git_oid id;
	char *subject;
	char *message;
	char *author;		/* "Name <email>" */
	struct strvec files;	/* the paths it changes */
	struct buf diff;	/* without index lines and hunk line numbers */
	struct buf changed;	/* only its "+" and "-" lines */
	int match;		/* the paired commit on the other side, or -1 */
};

int rd_commit_load(struct rd_commit *c, git_repository *git, const git_oid *id);
void rd_commit_release(struct rd_commit *c);
/* Pair old and new commits (sets each one's match). */
void rd_pair(struct rd_commit *old, size_t nr_old, struct rd_commit *new, size_t nr_new);
/* Is the pair the same commit for range-diff ("=")? */
bool rd_same(const struct rd_commit *a, const struct rd_commit *b);
/* Do the two versions hold the very same commits, in the same order? */
int range_diff_same(bool *out, git_repository *git, const git_oid *old, size_t nr_old,
		    const git_oid *new, size_t nr_new);
/*
 * "Changes since v(N-1)" lines comparing the version `st` re-rolls (its
 * sent/ tag) with `commits`; empty for a first version.  Each changed pair
 * says what changed; unpaired old commits are listed as dropped.
 */
int range_diff(struct buf *out, git_repository *git, const struct series_state *st,
	       const git_oid *commits, size_t nr);

#endif
