#ifndef KMAP_VERIFY_CACHE_H
#define KMAP_VERIFY_CACHE_H
/*
 * What a verify build dir keeps for later runs, in
 * <build dir>/kmap-local-verify/:
 *
 *	<tree>-<id>.bzImage	a kernel of that tree; <id> hashes the .config
 *				and the make arguments (the gcov objects)
 *	<tree>-<id>.gcno/	the .gcno files of its gcov-profiled objects
 *	<base>-<key>.config	the record: the <id> that the fragment and make
 *				arguments (hashed in <key>) gave on that base
 *				tree, and what kconfig refused
 *
 * Every file is replaced by rename(), never rewritten, so a run that does
 * not hold the build lock reads whole files or none.
 */
#include "buf.h"
#include "strvec.h"

#include <git2.h>
#include <stdbool.h>

/* 12 hex digits of the hash of the .config text and the make arguments. */
void verify_build_id(struct buf *out, const char *config, const struct strvec *make_args);
void verify_image_path(struct buf *out, const char *builddir, const git_oid *tree,
		       const char *build_id);
/* "<dir>/<tree>-<id>.gcno" for "<dir>/<tree>-<id>.bzImage". */
char *verify_notes_dir(const char *image);
void verify_record_path(struct buf *out, const char *builddir, const git_oid *base,
			const struct strvec *fragment, const struct strvec *make_args);
/* Each refused entry on one line (a line break becomes a space). */
int verify_record_write(const char *path, const char *build_id, const struct strvec *refused);
/* The build id and the refused entries; false when there is no good record. */
bool verify_record_read(struct buf *build_id, struct strvec *refused, const char *path);

#endif
