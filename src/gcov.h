#ifndef KMAP_GCOV_H
#define KMAP_GCOV_H
/*
 * gcov counts of the converted objects, for verify: kbuild's make
 * variables that profile exactly those objects, where the guest finds
 * their counters, and the host's gcov reading what the guest printed.
 * A missing .gcno (an object built without gcov) is no error: its
 * functions keep the counts ftrace gave them.
 */
#include "verify.h"

/* Profile the objects, inlined static helpers too; no atomics needed at -smp 1. */
#define GCOV_CFLAGS "-fprofile-arcs -ftest-coverage -fno-tree-loop-im -fno-early-inlining"

/*
 * The make arguments: CFLAGS_GCOV=..., then for each object name
 * GCOV_PROFILE_<name>.o=$(if $(filter <dirs>,$(obj)),y): kbuild keys the
 * variable by the file name, so it names the directories of the objects
 * of that name, and a namesake elsewhere keeps its directory's setting.
 * None when there is no object.
 */
void gcov_make_args(struct strvec *out, const struct strvec *objects);
/* "/sys/kernel/debug/gcov<builddir>/fs/ext2/dir.gcda" for "fs/ext2/dir.o". */
void gcov_guest_path(struct buf *out, const char *builddir, const char *object);
/* Copy each object's .gcno from the build dir to gcno_dir (same relative path). */
int gcov_keep_notes(const char *builddir, const struct strvec *objects, const char *gcno_dir);
/* Run gcov on every whole .gcda of `b`, adding the counts to b->gcov. */
int gcov_read(struct boot *b, const char *builddir, const char *gcno_dir, const char *scratch);
/* Add the "functions" of one gcov --json-format document for `object`. */
void gcov_parse_json(struct boot *b, const char *object, const char *json);

#endif
