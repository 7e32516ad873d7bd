#ifndef KMAP_SPLIT_H
#define KMAP_SPLIT_H
/*
 * Split the changed files into patches and name them.
 *
 * Grouping (deterministic: patches come in the order of their first file):
 *  - SPLIT_SECTION: one patch per most specific MAINTAINERS section; a file
 *    only the catch-all THE REST covers (or any file when the tree has no
 *    MAINTAINERS) is grouped by its directory;
 *  - SPLIT_DIRECTORY: one patch per directory;
 *  - SPLIT_FILE: one patch per file.
 *
 * The subject prefix is the most common "prefix:" of the last non-merge
 * commits touching the patch's files (Revert/Merge/treewide ignored, ties go
 * to the most recent), else split_prefix_from_paths().  Each patch knows its
 * To/Cc (get_maintainer.pl rules over its files) and its mail group: the
 * tree (T:) of its section, so that --per-maintainer can write one series
 * per maintainer tree.
 */
#include "maintainers.h"
#include "results.h"
#include <git2.h>

enum split_mode { SPLIT_SECTION, SPLIT_DIRECTORY, SPLIT_FILE };

/* A converted site, with the call it replaced (kmap_atomic, kmap, ...). */
struct plan_site {
	const struct file_result *file;
	const struct site *site;
	const struct kmap_call *call;	/* the map call the site replaced */
};

struct plan_patch {
	char *key;				/* what grouped the files */
	char *section;				/* most specific section, or NULL */
	const struct file_result **files;
	size_t nr, alloc;
	struct plan_site *sites;		/* converted sites, in file order */
	size_t nr_sites, alloc_sites;
	char *prefix;				/* without the colon */
	bool prefix_from_history;
	char *subject;				/* "prefix: Convert ..." */
	struct recipients rcpt;
	char *group;				/* mail group: maintainer tree */
};

struct plan {
	struct plan_patch *v;
	size_t nr, alloc;
	const struct results *flagged_from;	/* the sites left for a human */
};

#define PLAN_INIT { NULL, 0, 0, NULL }
#define SUBJECT_MAX 75

int split_mode_parse(enum split_mode *out, const char *name);
int split_plan(struct plan *out, const struct results *res, const struct maintainers *m,
	       enum split_mode mode, git_repository *git, git_commit *base);
/* The path-based fallback prefix for files with no usable history. */
void split_prefix_from_paths(struct buf *out, const char *const *paths, size_t nr);
/* "prefix: subject" from a commit summary, or false when it has none to count. */
bool split_subject_prefix(struct buf *out, const char *summary);
/* Counts of verdicts in a patch, e.g. "5 local, 1 helper:memcpy_to_page". */
void plan_patch_verdicts(struct buf *out, const struct plan_patch *p);
void plan_release(struct plan *p);

#endif
