#ifndef KMAP_RANGE_DIFF_H
#define KMAP_RANGE_DIFF_H
/*
 * git range-diff style lines comparing v(N-1) of a topic with `commits`;
 * patches of v(N-1) left unpaired are listed when show_dropped.  Empty
 * when the topic has no previous version.
 */
#include "buf.h"
#include "commit.h"

int range_diff(struct buf *out, git_repository *git, const struct topic *t, const git_oid *commits,
	       size_t nr, bool show_dropped);

#endif
