#ifndef KMAP_PATCH_H
#define KMAP_PATCH_H
/*
 * Turn converted files into the dry-run diff: a git-style unified diff per
 * file (a/ and b/ paths relative to the repository root, 3 lines of
 * context, "diff --git" and "index" headers) that `git apply` takes on the
 * base, optionally colored like git, and a `git diff --stat` style summary.
 */
#include "buf.h"
#include "results.h"
#include "strvec.h"

#include <git2.h>
#include <stdbool.h>

/*
 * Make the diffs of res (patch_format, patch_stat) take their attributes
 * (`*.c diff=cpp`: the function named in each hunk header) from the base
 * tree's .gitattributes files rather than from the index.  The diff is of
 * that tree, and libgit2 would parse the whole index (~0.1 s on a kernel)
 * to find two files.  A .gitattributes in the work tree still comes first.
 * The repository's index is in-memory afterwards: only for diff-only runs.
 */
int patch_use_tree_attributes(git_repository *git, git_tree *tree, const struct results *res);
int patch_format(struct buf *out, const struct file_result *f, git_repository *git,
		 bool color);
int patch_stat(struct buf *out, const struct results *res, git_repository *git,
	       bool color);

/*
 * The diff between two trees as `git format-patch` prints it: the --stat
 * block at `stat_width` columns (72 in mails) and the patch.  Either output
 * may be NULL.  `paths` (NULL: the whole tree) names the only files to
 * compare, which spares walking a kernel-sized tree.
 */
int patch_format_trees(struct buf *diff_out, struct buf *stat_out, git_repository *git,
		       git_tree *old, git_tree *new, const struct strvec *paths,
		       size_t stat_width);
/* One diffstat over several tree pairs (disjoint files), sorted by path. */
int patch_stat_trees(struct buf *out, git_repository *git, git_tree **olds, git_tree **news,
		     size_t nr, const struct strvec *paths, size_t width);
#endif
