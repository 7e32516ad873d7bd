#ifndef KMAP_SERIES_H
#define KMAP_SERIES_H
/*
 * Mailable series, as `git format-patch --cover-letter --thread -v N`
 * writes them: NNNN-<subject>.patch files (vN- prefixed from v2 on), each
 * with the headers of mail.h, the message, "---", a 72-column diffstat,
 * the diff and a "-- " signature; the cover letter (cover.h) is
 * 0000-cover-letter.patch.  This file groups the plan's patches into
 * series, writes the patch mails, report.json and the listings.
 */
#include "checkpatch.h"
#include "commit.h"
#include "series_state.h"
#include "split.h"
#include "strvec.h"

struct series_run;

/* One mailable series: some of the plan's patches, with one cover letter. */
struct series {
	char *group;			/* what it is for: its maintainer tree */
	char *hint;			/* a name for a new series, from its prefix */
	struct series_state st;		/* name, branch, version */
	bool skip;			/* unchanged since its last version */
	char *dir;			/* where its files go */
	size_t *patches;		/* indexes into the plan, in order */
	size_t nr, alloc;
	struct strvec to, cc;		/* union of the patches' recipients */
	struct strvec files;		/* written, cover (if any) first */
	struct checkpatch_result cp;	/* for the cover letter */
	struct buf title, cover;	/* the cover letter's subject and text */
	struct buf changes;		/* "Changes in vN" notes on the messages */
};

struct series_set {
	struct series *v;
	size_t nr, alloc;
};

/*
 * A series of one patch has no cover letter: as b4 sends it, the cover
 * text goes below the patch's "---" and the patch starts the thread.
 */
static inline bool series_has_cover(const struct series *s)
{
	return s->nr > 1;
}

/* The first patch's index in s->files (the cover letter comes first). */
static inline size_t series_first_patch(const struct series *s)
{
	return series_has_cover(s) ? 1 : 0;
}

/* One series (treewide) or one per mail group (per maintainer tree). */
void series_group(struct series_set *out, const struct plan *plan, bool per_maintainer);
/* Leave out the plan's patches marked in `dropped`; series left empty are skipped. */
void series_drop(struct series_set *set, const bool *dropped);
/* Write the patches of `s` (not the cover letter) into s->dir. */
int series_write_patches(struct series *s, const struct series_run *run);
/*
 * Write the lone patch of `s` again with the cover text `cover` below its
 * "---" and `basement` (base-commit:, change-id:) after the diff.
 */
int series_write_lone(const struct series *s, const struct series_run *run, const char *cover,
		      const char *basement);
/* The Message-ID the thread starts with: the cover letter's, or the lone patch's. */
void series_cover_msgid(struct buf *out, const struct series *s, const struct series_run *run);
/* report.json: the series, their patches, recipients, verdicts and checkpatch counts. */
int series_write_report(const struct series_run *run);
/* The written files under their final names, one per line. */
void series_print_files(struct buf *out, const struct series_run *run);
/* --dry-run: subject, files, To/Cc and verdict counts per planned patch. */
void series_print_plan(struct buf *out, const struct series_run *run);
/* One summary line per series on stderr, and how to send them. */
void series_print_summary(const struct series_run *run);
void series_set_release(struct series_set *set);

#endif
