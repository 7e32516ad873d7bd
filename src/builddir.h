#ifndef KMAP_BUILDDIR_H
#define KMAP_BUILDDIR_H
/*
 * kbuild output directories, one per (base tree, arch, config), under the
 * user's cache directory ($XDG_CACHE_HOME/kmap-local/build/): made with
 * `make O=DIR ARCH=... <config>`, the arch table's symbols set and checked
 * after `olddefconfig`, then `make prepare`.  A stamp written last says the
 * directory is complete and for which source, tree, arch and toolchain; a
 * directory without a matching stamp is removed and made again.
 */
#include "arches.h"
#include "buf.h"
#include "lock.h"
#include "run_command.h"

struct builddir {
	char *dir;
	const struct arch *arch;
	const char *src;
	const char *cc_wrapper;
	int jobs;
	bool reused;		/* the stamp matched: nothing was prepared */
	double prepare_s;
};

#define BUILDDIR_INIT { NULL, NULL, NULL, NULL, 1, false, 0 }

/*
 * One run at a time prepares and builds in the build directories (shared
 * by every repository of the user): a second run waits here.
 */
int builddir_lock_cache(struct lock *l);
/* Where the build dir of (tree, arch) is, whether or not it exists. */
int builddir_path(struct buf *out, const struct arch *a, const char *tree_hex);
int builddir_prepare(struct builddir *b, const struct arch *a, const char *src,
		     const char *tree_hex);
/* What builddir_reach() did and, for what stayed off, why. */
struct reach {
	struct strvec off;	/* the symbols asked for that stayed off */
	struct strvec tried;	/* every symbol set to y on the way */
	struct strvec arches;	/* source arches whose Kconfig has what was missing */
	struct strvec variant;	/* a plan that would turn symbols off: "SYM=y", "SYM=n" */
	struct buf why;		/* the first thing in the way */
};

#define REACH_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, BUF_INIT }
#define REACH_ROUNDS 4

struct kconfig_db;

/*
 * Turn `symbols` on, solving for their dependencies in the Kconfig of `db`
 * (kconfig_solve.h; NULL: set them and nothing else): set the plan, run
 * olddefconfig, and again for what is still off, REACH_ROUNDS times at
 * most.  A plan that would turn off a symbol that was on is undone (the
 * build dir is shared by every commit) and left in r->variant, for a
 * build dir of its own.  The symbols that stayed off land in r->off.
 */
int builddir_reach(struct builddir *b, struct kconfig_db *db, const struct strvec *symbols,
		   struct reach *r);
void reach_release(struct reach *r);
/*
 * Set each "SYMBOL=y|m|n" of `settings` in the .config the dir was prepared
 * with (kept aside then), olddefconfig; those .config does not hold
 * afterwards land in `refused` as "CONFIG_SYMBOL=v".  Starting there, not
 * from the last run's .config, makes the result depend on the settings
 * alone: what an earlier run turned on (a KUnit suite's menu, another
 * topic's filesystems) neither lingers nor makes each run rebuild what the
 * previous one changed.  kbuild rebuilds only what a changed symbol reaches.
 */
int builddir_configure(struct builddir *b, const struct strvec *settings, struct strvec *refused);
/* make -k the targets; the exit status and output are in `c`. */
int builddir_make(struct child *c, struct builddir *b, const struct strvec *targets,
		  const char *extra);
/*
 * The same for many objects at once: without -s, so kbuild names each
 * object ("  CC      dir/x.o") before its compiler's lines, with
 * --output-sync=target so those lines stay together, and stderr and
 * stdout as one stream in `c->out`.
 */
int builddir_make_synced(struct child *c, struct builddir *b, const struct strvec *targets,
			 const char *extra);
void builddir_telling_line(struct buf *out, const char *text);
void builddir_release(struct builddir *b);

#endif
