#ifndef KMAP_BUILDBATCH_H
#define KMAP_BUILDBATCH_H
/*
 * Batched compile checks (buildcheck.h): which commits of a range can
 * share their make calls, and whose each line of a shared make's output is.
 *
 * A segment is a run of consecutive commits, each the parent of the next,
 * that change nothing but existing .c files.  Within a segment, every
 * file differs between the tree before it and the tree of its last commit
 * only through the commits that touch it; a commit none of whose files
 * another commit of the segment touches therefore compiles the same at
 * the segment's last tree as at itself, and at the tree before the
 * segment as at its parent.  Such commits (checked per file by blob id)
 * form the segment's group; with two or more they share one make call per
 * arch and side.  The one way around this, a .c file that #includes
 * another commit's .c file, shows in kbuild's record of the object's
 * sources (batch_reads_foreign()), and sends the group back to one commit
 * at a time.  Every other commit (one that changes a header, a
 * Makefile or Kconfig, adds, removes or renames a file, or shares a file
 * with another) is built on its own at its parent and itself.
 */
#include "buf.h"
#include "repo.h"

#define BATCH_ALONE ((size_t)-1)

struct batch_group {
	size_t *commits;	/* indexes into the range, in order */
	size_t nr;
	git_oid before;		/* the tree before the segment's first commit */
	git_oid after;		/* the tree of the segment's last commit */
	struct strvec changed;	/* every file the segment's commits change */
	struct strvec *own;	/* per member: the files it changes */
};

struct batch_plan {
	struct batch_group *v;
	size_t nr;
	size_t *group_of;	/* per commit: its group, or BATCH_ALONE */
};

#define BATCH_PLAN_INIT { NULL, 0, NULL }

/* Group the `nr` commits of a range (oldest first). */
int batch_plan_make(struct batch_plan *out, git_repository *git, git_commit *const *commits,
		    size_t nr);
void batch_plan_release(struct batch_plan *p);

/*
 * Split the output of one builddir_make_synced() call over its targets
 * `objs`: per_obj[i] gets the lines of objs->v[i].  A line belongs to the
 * object whose source it names first ("fs/a.c:3:1: ..." or "fs/a.o: ..."
 * once the checkout path `src` is gone), else to the object whose kbuild
 * line ("  CC [M]  fs/a.o") it follows.  Returns how many compiler
 * diagnostics about a source file (.c, .h, .S, .o) belong to no object;
 * make's and Kconfig's own ("arch/x86/Kconfig:3: warning: ...", printed
 * once after a .config change) are nobody's and not counted.
 */
size_t batch_attribute(struct buf *per_obj, const struct strvec *objs, const char *out,
		       const char *src);

/*
 * Whether member `k`'s object `obj`, by kbuild's record of what it was
 * compiled from (DIR/.x.o.cmd, paths under `src`), read a file another
 * commit of the segment changes: a .c file that #includes another's.
 * Then it did not compile as at its commit.  False without a record.
 */
bool batch_reads_foreign(const struct batch_group *g, size_t k, const char *dir,
			 const char *obj, const char *src);

#endif
