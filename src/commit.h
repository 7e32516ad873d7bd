#ifndef KMAP_COMMIT_H
#define KMAP_COMMIT_H
/*
 * The commit stage: one commit per planned patch, built in memory.
 *
 * Each patch's tree is the previous tree with its files' converted blobs
 * (git_tree_create_updated), so the working tree and the index are never
 * read or written.  Commits are only objects until topic_publish() moves
 * the refs, all at once in one libgit2 transaction:
 *
 *	refs/heads/<topic>			the series, newest version
 *	refs/kmap-local/<topic>/v<N>		each version's tip, kept for -v N+1
 *	refs/kmap-local/<topic>/v<N>-base	and its base
 *
 * An interrupted run therefore leaves no ref behind.  Its date is kept in
 * <gitdir>/kmap-local/series/ until the run completes, so the next run
 * makes the very same commits (resuming) instead of new ones.
 */
#include "lock.h"
#include "repo.h"
#include "split.h"
#include <git2.h>
#include <stdbool.h>

struct identity {
	char *name;
	char *email;
	git_time_t when;
	int offset;		/* minutes east of UTC */
};

struct topic {
	char *name;
	int version;
	char *branch_ref;
	char *version_ref;
	char *base_ref;
	bool has_prev;		/* v<N-1> exists: re-roll */
	git_oid prev_tip, prev_base;
	char *state_file;
	bool resumed;
	struct lock lock;	/* one series run per topic at a time */
	git_oid seen[3];	/* branch, version and base refs as topic_prepare() */
	bool seen_set[3];	/* found them; topic_publish() insists on that */
};

#define IDENTITY_INIT { NULL, NULL, 0, 0 }
#define TOPIC_INIT { NULL, 0, NULL, NULL, NULL, false, { { 0 } }, { { 0 } }, NULL, false, \
			 LOCK_INIT, { { { 0 } } }, { false } }

/* user.name/user.email from git config (GIT_AUTHOR_NAME/EMAIL win, as in git). */
int identity_load(struct identity *out, git_repository *git);
/* Date the identity now, in the local time zone. */
void identity_date_now(struct identity *id);
/* $GIT_AUTHOR_DATE ("@<seconds> +hhmm") when set, else now. */
int identity_date(struct identity *id);
void identity_release(struct identity *id);

/*
 * Check that the topic can be written: a name git accepts for a branch
 * (at most 200 bytes), a branch that is not checked out in any worktree,
 * and no such version yet unless `force`.  Takes the topic's lock: a
 * second run on the same topic fails here.
 */
int topic_prepare(struct topic *t, struct repo *r, const char *name, int version, bool force,
		  struct identity *id);
/* Pick up the date of an interrupted run of the topic, or record ours. */
int topic_resume(struct topic *t, struct repo *r, struct identity *id);
/* The default topic name, kmap-local/<YYYY-MM-DD> of the run's date. */
char *topic_default_name(const struct identity *id);

/* Write blobs, trees and commits for each patch; messages[i] is patch i's. */
int commit_plan(git_oid *out, const struct plan *plan, struct repo *r,
		const struct identity *id, char *const *messages);
/*
 * Point the topic's refs at the new series, atomically, provided they are
 * still what topic_prepare() saw (else nothing is written); forget the
 * run state.
 */
int topic_publish(struct topic *t, struct repo *r, const git_oid *tip);
void topic_release(struct topic *t);
/* A commit, its tree and its first parent's tree. */
int commit_read_trees(git_tree **old, git_tree **new, git_commit **c, git_repository *git,
		      const git_oid *id);

#endif
