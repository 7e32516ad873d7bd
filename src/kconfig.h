#ifndef KMAP_KCONFIG_H
#define KMAP_KCONFIG_H
/*
 * Which Kconfig symbols build an object, read from the kbuild Makefiles of
 * a tree (through libgit2): the obj-$(CONFIG_X) line naming the object in
 * its directory's Makefile (or Kbuild), through composite objects
 * (foo-y += bar.o, foo-$(CONFIG_Y) += bar.o) and lists held in make
 * variables (foo-objs-$(CONFIG_Y) := $(list), foo-y += $(foo-objs-y)), or
 * a parent Makefile naming "sub/bar.o"; then obj-$(CONFIG_Z) += dir/ for
 * each parent directory up to the top level.  A make variable inside an object's name matches
 * anything but a '/' ("init_$(BITS).o" names init_64.o).  ifdef blocks
 * are not followed.
 */
#include "buf.h"
#include "strvec.h"
#include <git2.h>
#include <stdbool.h>

/*
 * Fill `out` with the symbols (without CONFIG_) that must be on to build
 * `object` ("fs/ext2/dir.o"); *named is false when no Makefile names it.
 */
int kconfig_object_symbols(struct strvec *out, bool *named, git_repository *git, git_tree *tree,
			   const char *object);
/* The Makefile (or Kbuild) of `dir`, continuation lines joined; empty if none. */
int kconfig_read_makefile(struct buf *out, git_repository *git, git_tree *tree, const char *dir);
/* Set SYMBOL=y|m|n lines in a .config text. */
void kconfig_set(struct buf *config, const char *symbol, char value);
/* 'y', 'm' or 'n' for SYMBOL in a .config text. */
char kconfig_get(const char *config, const char *symbol);

/* The Kconfig* files of a source tree, read once for many kconfig_why(). */
struct kconfig_files {
	struct strvec names;	/* relative to the source directory */
	struct strvec texts;
};

#define KCONFIG_FILES_INIT { STRVEC_INIT, STRVEC_INIT }

void kconfig_files_load(struct kconfig_files *out, const char *src);
void kconfig_files_release(struct kconfig_files *k);

/*
 * Why .config (text `config`) lacks SYMBOL although it was asked for,
 * read from the tree's Kconfig files:
 * "fs/minix/Kconfig: needs MISC_FILESYSTEMS, which is off".
 */
void kconfig_why(struct buf *out, const struct kconfig_files *k, const char *config,
		 const char *symbol);

#endif
