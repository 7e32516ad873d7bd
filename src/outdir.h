#ifndef KMAP_OUTDIR_H
#define KMAP_OUTDIR_H
/*
 * The output directory of a run, written as one transaction: it must be
 * missing or empty; files are written in "<dir>.kmap-local-partial" and
 * moved into place once complete, so a reader never sees half a series.
 */
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

/* Not '' and not inside the git directory, where mails would pass for refs. */
int outdir_check_place(const char *dir, git_repository *git);
/* Missing or an empty directory. */
int outdir_check(const char *dir);
/* Make the staging directory (removing one an interrupted run left). */
int outdir_stage(char **out, const char *dir);
int outdir_publish(const char *staging, const char *dir);
/* A directory that exists and holds something. */
bool outdir_has_files(const char *dir);
/*
 * Move the entries `names` of `staging` into the existing `dir` (an
 * earlier run's), each of which must not be there yet, and remove staging.
 */
int outdir_publish_into(const char *staging, const char *dir, const char *const *names,
			size_t nr);
void outdir_unpublish(const char *dir);
void outdir_discard(const char *staging);

#endif
