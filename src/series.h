#ifndef KMAP_SERIES_H
#define KMAP_SERIES_H
/*
 * Mailable series, as `git format-patch --cover-letter --thread -v N`
 * writes them: NNNN-<subject>.patch files (vN- prefixed from v2 on), each
 * "From <sha> Mon Sep 17 00:00:00 2001", Message-ID, In-Reply-To and
 * References to the cover, From/Date/Subject "[PATCH vN m/n]", the patch's
 * own To/Cc (plus --to/--cc), the message, "---", a 72-column diffstat,
 * the diff and a "-- " signature.  The cover letter (0000-cover-letter.patch)
 * goes to the union of its patches' recipients and carries the purpose, the
 * patches grouped by verdict kind, the flagged sites, the checkpatch notes,
 * a range-diff against v(N-1), a shortlog, the diffstat and base-commit:.
 *
 * Message-IDs derive from the commit ids and the date, so rewriting a
 * series gives identical files.
 */
#include "buildcheck.h"
#include "commit.h"
#include "split.h"
#include "strvec.h"
#include "verify.h"

/* One mailable series: some of the plan's patches, with one cover letter. */
struct series {
	char *dir;			/* where its files go */
	size_t *patches;		/* indexes into the plan, in order */
	size_t nr, alloc;
	struct strvec to, cc;		/* union of the patches' recipients */
	struct strvec files;		/* written, cover first */
	struct buf checkpatch;		/* notes for the cover letter */
	unsigned cp_errors, cp_warnings, cp_checks;
};

struct series_set {
	struct series *v;
	size_t nr, alloc;
};

struct series_ctx {
	struct repo *r;
	const struct plan *plan;
	const git_oid *commits;
	const struct identity *id;
	const struct topic *topic;
	const struct strvec *extra_to, *extra_cc;
	const char *templates;
	const struct build_matrix *matrix;	/* NULL: not built */
	const bool *dropped;			/* per plan patch: left out (does not build) */
	bool treewide;				/* one series for every patch */
	const struct verify_run *verify;	/* NULL: not verified */
};

/* One series (treewide) or one per mail group (per maintainer tree). */
void series_group(struct series_set *out, const struct plan *plan, bool per_maintainer,
		  const char *dir, const bool *dropped);
/* Write the patches of `s` (not the cover letter) into s->dir. */
int series_write_patches(struct series *s, const struct series_ctx *ctx);
/* Write the cover letter, once checkpatch has run over the patches. */
int series_write_cover(struct series *s, const struct series_ctx *ctx);
/*
 * git range-diff style lines comparing v(N-1) with `commits`, paired by
 * subject; patches of v(N-1) left unpaired are listed when show_dropped.
 * Empty when the topic has no previous version.
 */
int series_range_diff(struct buf *out, struct repo *r, const struct topic *t,
		      const git_oid *commits, size_t nr, bool show_dropped);
/* git's format_sanitized_subject(): the file name part of a subject. */
void series_sanitize_subject(struct buf *out, const char *subject);
/*
 * The output directory: it must be missing or empty; files are written in
 * "<dir>.kmap-local-partial" and moved into place once complete.
 */
int series_check_out_dir(const char *dir);
/* Not '' and not inside the git directory, where mails would pass for refs. */
int series_check_out_dir_place(const char *dir, git_repository *git);
int series_stage_out_dir(char **out, const char *dir);
int series_publish_out_dir(const char *staging, const char *dir);
void series_unpublish_out_dir(const char *dir);
void series_discard_staging(const char *staging);
/* report.json: the series, their patches, recipients, verdicts and checkpatch counts. */
int series_write_report(const struct series_set *set, const struct series_ctx *ctx,
			const char *staging);
/* The written files under their final names, one per line. */
void series_print_files(struct buf *out, const struct series_set *set, const char *staging,
			const char *dir);
/* --dry-run: subject, files, To/Cc and verdict counts per planned patch. */
void series_print_plan(struct buf *out, const struct series_set *set, const struct plan *plan,
		       const struct topic *t);
/* One summary line per series on stderr. */
void series_print_summary(const struct series_set *set, const struct plan *plan,
			  const struct topic *t, const char *dir, const git_oid *tip);
void series_set_release(struct series_set *set);

#endif
