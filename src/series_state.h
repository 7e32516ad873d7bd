#ifndef KMAP_SERIES_STATE_H
#define KMAP_SERIES_STATE_H
/*
 * Per-series state, kept in the repository the way `b4 prep` keeps it, so
 * that b4 (0.12) works on every series branch unchanged:
 *
 *	refs/heads/<topic>/<name>		base, a cover letter commit, the patches
 *	refs/tags/sent/<topic>/<name>-v<N>	each version as mailed (annotated, the
 *						patches without the cover; its message
 *						holds base-commit: and change-id:)
 *
 * The cover letter commit is empty; its message is the cover text, then
 * "--- b4-submit-tracking ---" and b4's tracking JSON ("series": revision,
 * change-id, prefixes, history of cover Message-Ids) plus a "kmap-local"
 * object naming the topic and the mail group (the maintainer tree) the
 * series is for.  A series is found again by that group, never by its
 * subject prefix, so its name, branch, change-id and version counter
 * survive a prefix that changes; each series counts its own versions.
 */
#include "buf.h"
#include "commit.h"
#include "strvec.h"
#include <git2.h>
#include <stdbool.h>

#define B4_MARKER "--- b4-submit-tracking ---"

struct series_state {
	char *name;		/* its directory and branch: <topic>/<name> */
	char *branch_ref;
	char *change_id;
	bool found;		/* the branch exists: a series of an earlier run */
	git_oid branch_tip;	/* as found, checked again when publishing */
	git_oid *old;		/* the branch's patches after its cover, in order */
	size_t nr_old;
	char *tracking;		/* the branch's tracking JSON, or NULL */
	int last;		/* newest version with a sent/ tag, 0: none */
	int version;		/* the version this run writes */
	bool has_prev;		/* v(version-1) exists: a re-roll */
	git_oid prev_tip, prev_base;
	char *prev_msgid;	/* v(version-1)'s cover Message-Id, when known */
	const char *subject_prefix;	/* "PATCH", "RFC PATCH": b4's prefixes (borrowed) */
	char *tag_ref;		/* refs/tags/sent/<topic>/<name>-v<version> */
	bool tag_exists;
	git_oid tag_seen;
	git_oid cover, tip, tag;	/* written by series_state_commit() */
};

/*
 * Find the series of `group` among the branches under refs/heads/<topic>/,
 * or name a new one `hint` (made unique against `taken` and the branches).
 */
int series_state_find(struct series_state *st, git_repository *git, const char *topic,
		      const char *group, const char *hint, const struct strvec *taken,
		      const struct identity *id);
/*
 * Settle the version this run writes: `want` (0: the next one) must have
 * its predecessor; an existing version is replaced only with `force`.
 */
int series_state_version(struct series_state *st, git_repository *git, const char *topic,
			 int want, bool force);
/*
 * Write the cover letter commit on `base` with `cover` and the tracking
 * data, the patches again on top of it, and the annotated tag of the
 * version (`tag_msg`) on the patches as mailed; refs come with publish.
 */
int series_state_commit(struct series_state *st, git_repository *git, const char *topic,
			const char *group, const git_oid *base, const git_oid *patches,
			size_t nr, const char *cover, const char *tag_msg, const char *msgid,
			const struct identity *id);
/*
 * Point every series' branch and tag at what series_state_commit() wrote,
 * in one transaction, provided they are still what series_state_find()
 * saw; nothing is written otherwise.
 */
int series_state_publish(struct series_state *const *v, size_t nr, git_repository *git,
			 const char *topic);
void series_state_release(struct series_state *st);

#endif
