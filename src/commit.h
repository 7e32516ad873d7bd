#ifndef KMAP_COMMIT_H
#define KMAP_COMMIT_H
/*
 * The commit stage: one commit per planned patch, built in memory.
 *
 * Each patch's tree is the previous tree with its files' converted blobs
 * (git_tree_create_updated), so the working tree and the index are never
 * read or written.  Commits are only objects until the series refs are
 * published (series_state.h), all at once in one libgit2 transaction, so
 * an interrupted run leaves no ref behind.  Its date is kept in
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

/* A topic: the name its series branches live under, locked for one run. */
struct topic {
	char *name;
	char *state_file;
	bool resumed;
	struct lock lock;	/* one series run per topic at a time */
};

#define IDENTITY_INIT { NULL, NULL, 0, 0 }
#define TOPIC_INIT { NULL, NULL, false, LOCK_INIT }

/* user.name/user.email from git config (GIT_AUTHOR_NAME/EMAIL win, as in git). */
int identity_load(struct identity *out, git_repository *git);
/* Date the identity now, in the local time zone. */
void identity_date_now(struct identity *id);
/* $GIT_AUTHOR_DATE ("@<seconds> +hhmm") when set, else now. */
int identity_date(struct identity *id);
void identity_release(struct identity *id);

/*
 * Check that the topic can name branches (git's rules, at most 200 bytes)
 * and take its lock: a second run on the same topic fails here.
 */
int topic_prepare(struct topic *t, struct repo *r, const char *name, struct identity *id);
/* Pick up the date of an interrupted run of the topic, or record ours. */
int topic_resume(struct topic *t, struct repo *r, struct identity *id);
/* The default topic name, kmap-local/<YYYY-MM-DD> of the run's date. */
char *topic_default_name(const struct identity *id);

/*
 * Commit the plan's patches idx[0..nr) one on the other, the first on
 * `parent`; messages[i] is plan patch i's.  out[k] is idx[k]'s commit.
 */
int commit_patches(git_oid *out, const struct plan *plan, const size_t *idx, size_t nr,
		   git_repository *git, git_commit *parent, const struct identity *id,
		   char *const *messages);
/* An empty commit on `parent` with `message` (a cover letter). */
int commit_empty(git_oid *out, git_repository *git, const git_oid *parent,
		 const struct identity *id, const char *message);
/* The same commits (trees, messages, signatures) again, the first on `onto`. */
int commit_copy(git_oid *out, git_repository *git, const git_oid *onto, const git_oid *commits,
		size_t nr);
/* Is `ref` what HEAD names in the main worktree or a linked one? */
bool branch_checked_out(git_repository *git, const char *ref, struct buf *where);
/* The run completed: forget its state. */
void topic_done(struct topic *t);
void topic_release(struct topic *t);
/* A commit, its tree and its first parent's tree. */
int commit_read_trees(git_tree **old, git_tree **new, git_commit **c, git_repository *git,
		      const git_oid *id);

#endif
