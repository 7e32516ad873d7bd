#ifndef KMAP_SERIES_RUN_H
#define KMAP_SERIES_RUN_H
/*
 * The engine of `kmap-local series`: one struct series_run holds the whole
 * run, from the options to the written files, and every stage (plan,
 * commits, build, mails, cover letters, report, publish) reads it.
 *
 * Stages in order: check the inputs (refusing before any work), convert
 * and plan, commit, compile-check, compute each commit's diff once, write
 * the patch mails, run checkpatch, write the covers and report.json, then
 * publish the output directory and the refs together.
 */
#include "arches.h"
#include "buildcheck.h"
#include "cmd.h"
#include "commit.h"
#include "mail.h"
#include "maintainers.h"
#include "series.h"
#include "split.h"
#include "strvec.h"
#include "verify.h"

struct series_opts {
	struct common_opts c;
	const char *topic;
	const char *out;
	const char *split;
	const char *subject_prefix;
	bool rfc;
	int version;
	struct strvec to, cc;
	bool per_maintainer, treewide, dry_run, force, no_checkpatch;
	bool no_build, drop_failing, verify;
	bool send;			/* git send-email each series; with dry_run, --dry-run */
	const char *arch, *arches, *toolchain, *cc_wrapper;
};

/* What `git format-patch` prints for one commit: its diff and its stat. */
struct commit_diff {
	struct buf diff, stat;
};

struct series_run {
	struct series_opts *o;
	struct repo r;
	struct results res;
	struct convert_stats stats;
	struct maintainers m;
	struct plan plan;
	struct identity id;
	struct mail_style style;	/* subject prefix, signature */
	struct topic topic;
	const char *templates;		/* series/ message templates */
	char *out_dir;
	char *staging;
	bool joined;			/* out_dir is an earlier run's series/<topic>/vN */
	char *old_report;		/* its report.json, when joined */
	char **messages;		/* per plan patch */
	git_oid *commits;		/* per plan patch */
	struct commit_diff *diffs;	/* per plan patch, computed once */
	struct series_set set;
	struct arch_table table;
	struct arch **sel;
	struct build_matrix matrix;
	bool built;			/* matrix holds results */
	bool *drop;			/* per plan patch: left out (does not build) */
	struct verify_run verify;
	bool verified;			/* verify holds results (--verify) */
};

#define SERIES_RUN_INIT { .r = REPO_INIT, .m = MAINTAINERS_INIT, .plan = PLAN_INIT, \
			  .id = IDENTITY_INIT, .style = MAIL_STYLE_INIT, .topic = TOPIC_INIT, .table = ARCH_TABLE_INIT, \
			  .matrix = BUILD_MATRIX_INIT, .verify = VERIFY_RUN_INIT }

/* Run `series` over the paths in argv; 0 or a negative error. */
int series_run(struct series_run *run, struct series_opts *o, int argc,
	       const char **argv);
/* Commit the patches of `s`, one on the other, on the base. */
int series_run_commit(struct series_run *run, struct series *s);
void series_run_release(struct series_run *run);

#endif
