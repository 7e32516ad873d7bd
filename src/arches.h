#ifndef KMAP_ARCHES_H
#define KMAP_ARCHES_H
/*
 * The architecture table of `kmap-local build` (kbuild/arches.conf, or
 * ~/.config/kmap-local/arches.conf, or --arches FILE): per name, the
 * kbuild ARCH, the config target, the toolchain and the Kconfig symbols to
 * set.  arch_toolchain_check() says which Debian package is missing.
 *
 * DEFAULT is yes (always built), auto (built by --arch auto, the default,
 * for a commit that touches arch/<its source arch>/ or an object only its
 * Kconfig reaches) or no (only when named).  TOOLCHAIN "none" is an arch
 * Debian has no cross compiler for: its commits are not-built, saying so.
 */
#include "buf.h"
#include "strvec.h"
#include <stdbool.h>

struct arch {
	char *name;		/* "i386", "arm-defconfig" */
	char *arch;		/* ARCH= */
	char *config;		/* allmodconfig, multi_v7_defconfig, ... */
	char *toolchain;	/* "llvm", "gcc" or a CROSS_COMPILE prefix */
	bool by_default;	/* DEFAULT yes: always built */
	bool candidate;		/* DEFAULT yes or auto: --arch auto may add it */
	struct strvec settings;	/* "WERROR=n", "HIGHMEM=y" */
};

struct arch_table {
	struct arch *v;
	size_t nr, alloc;
	char *file;
};

#define ARCH_TABLE_INIT { NULL, 0, 0, NULL }

/* Load `file`, or the user's table, or the bundled one. */
int arch_table_load(struct arch_table *t, const char *file);
/*
 * The arches named in `list` ("i386,arm"; NULL or "auto": the defaults,
 * and *automatic set), with their toolchain replaced by `toolchain`
 * ("llvm"/"gcc") when given.  `out` has room for t->nr entries: an arch
 * named twice is a usage error.
 */
int arch_table_select(struct arch **out, size_t *nr, bool *automatic, struct arch_table *t,
		      const char *list, const char *toolchain);
/*
 * --arch auto: the table's first candidate for kernel source arch
 * `srcarch` ("mips", "x86") after `after` (NULL: from the start), or NULL.
 */
struct arch *arch_table_candidate(struct arch_table *t, const char *srcarch,
				  const struct arch *after);
/* The kernel's arch/ directory of an arch: "x86" for i386. */
const char *arch_srcarch(const struct arch *a);
/* Whether its toolchain is missing; `why` names the Debian package. */
bool arch_toolchain_missing(struct buf *why, const struct arch *a, const char *cc_wrapper);
/* 0, or an error naming the missing program and its Debian package. */
int arch_toolchain_check(const struct arch *a, const char *cc_wrapper);
/* ARCH=, LLVM=1 or CROSS_COMPILE=, CC= with the wrapper: make's arguments. */
void arch_make_args(struct strvec *argv, const struct arch *a, const char *cc_wrapper);
void arch_table_release(struct arch_table *t);

#endif
