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
int builddir_prepare(struct builddir *b, const struct arch *a, const char *src,
		     const char *tree_hex);
/* Turn `symbols` on; those olddefconfig turns off again land in `off`. */
int builddir_enable(struct builddir *b, const struct strvec *symbols, struct strvec *off);
/*
 * Set each "SYMBOL=y|m|n" of `settings` in .config (olddefconfig when one
 * changed); those .config does not hold afterwards land in `refused` as
 * "CONFIG_SYMBOL=v".
 */
int builddir_configure(struct builddir *b, const struct strvec *settings, struct strvec *refused);
/* make -k the targets; the exit status and output are in `c`. */
int builddir_make(struct child *c, struct builddir *b, const struct strvec *targets,
		  const char *extra);
void builddir_release(struct builddir *b);

#endif
