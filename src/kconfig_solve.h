#ifndef KMAP_KCONFIG_SOLVE_H
#define KMAP_KCONFIG_SOLVE_H
/*
 * Reaching a Kconfig symbol: the tree's Kconfig files, read from the top
 * level Kconfig of a source directory for one kernel source arch (SRCARCH,
 * "x86", "arm", "mips"), following "source", "if", "menu" and "choice"
 * blocks, and a solver that says which symbols to set so that a symbol
 * kconfig refused comes on: the unmet "depends on" of a visible symbol, a
 * symbol that selects, implies (or defaults) an invisible one, the other
 * members of a choice turned off.  A prompt hidden by its "if" or a menu's
 * "visible if" makes its symbol invisible.  The symbols that make the
 * kernel 32 or 64 bits (64BIT, and what its default tests or what selects
 * it: PPC64, ARCH_RV64I) are never flipped: that is another arch.  A
 * reading of the Kconfig language, not kconfig itself: the answer is tried
 * with olddefconfig and checked in .config.
 *
 * What it cannot set it names: "MIPS_ALCHEMY is not in x86's Kconfig",
 * "excluded by !ARM"; and the source arches whose Kconfig defines a symbol
 * it missed, so that the caller can try one of those.
 */
#include "buf.h"
#include "strvec.h"
#include <stdbool.h>

struct kconfig_db;

/* Read `src`/Kconfig for SRCARCH `srcarch`; NULL when there is none. */
int kconfig_db_load(struct kconfig_db **out, const char *src, const char *srcarch);
void kconfig_db_free(struct kconfig_db *db);
const char *kconfig_db_srcarch(const struct kconfig_db *db);

struct kconfig_plan {
	struct strvec on;	/* symbols to set y */
	struct strvec off;	/* choice siblings to set n */
	struct strvec y;	/* symbols a "depends on X=y" needs y, not m */
	struct buf why;		/* when it cannot: the first thing in the way */
	struct strvec arches;	/* source arches whose Kconfig defines what was missing */
	bool settled;		/* no plan, and trying the symbol cannot help: see below */
};

#define KCONFIG_PLAN_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, BUF_INIT, STRVEC_INIT, false }

/*
 * What to set in .config (text `config`) to bring `symbol` on: true with
 * `plan` filled, or false with plan->why (and plan->arches) saying why not.
 * plan->settled says every way to it failed on something setting the
 * symbol itself cannot change (a symbol only other arches define, the word
 * size, "!X" with X on, "n"), not on a doubtful reading of the language:
 * olddefconfig would refuse it too.
 */
bool kconfig_solve(struct kconfig_plan *plan, struct kconfig_db *db, const char *config,
		   const char *symbol);
void kconfig_plan_release(struct kconfig_plan *plan);

/* The kernel source arch of ARCH=: x86 for i386 and x86_64, sparc for sparc64. */
const char *kconfig_srcarch(const char *arch);

#endif
