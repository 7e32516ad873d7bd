#ifndef KMAP_WORKTREE_H
#define KMAP_WORKTREE_H
/*
 * The private source checkout the builds compile: <gitdir>/kmap-local/src/,
 * written by libgit2 and never the user's work tree or index.  The tree it
 * holds is recorded beside it, and moving to another tree rewrites only
 * the files that differ (so kbuild recompiles only what changed).  A
 * checkout whose record is missing or unreadable is rewritten in full.
 */
#include "lock.h"
#include "repo.h"

struct worktree {
	char *dir;		/* no trailing slash */
	char *record;		/* file holding the tree id of the checkout */
	git_oid current;
	bool valid;
	struct lock lock;	/* held from open to release: one run at a time */
};

#define WORKTREE_INIT { NULL, NULL, { { 0 } }, false, LOCK_INIT }

int worktree_open(struct worktree *w, struct repo *r);
int worktree_checkout(struct worktree *w, struct repo *r, const git_oid *tree_id);
void worktree_release(struct worktree *w);

#endif
