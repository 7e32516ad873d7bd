#ifndef KMAP_KUNIT_H
#define KMAP_KUNIT_H
/*
 * verify's KUnit fallback: for converted code no other workload covers,
 * the KUnit suites of its directory, and the KTAP they print at boot.
 *
 * Finding the suites of a directory (read from a tree through libgit2):
 * the obj-$(CONFIG_X) lines of its Makefile and of its tests/ subdirectory's
 * whose X matches one of the workload's patterns ("*_KUNIT_TEST") and
 * whose Kconfig entry, wherever in the tree it is, says "depends on"
 * KUNIT; the suite names are the .name of each struct kunit_suite in
 * those objects' sources.  Built in (=y, with KUNIT=y), the suites run
 * at boot, before init, and print KTAP on the console.
 *
 * Reading KTAP (a console, line by line): "# Subtest: NAME" opens a
 * subtest one indent level (4 spaces) in, "ok N NAME" / "not ok N NAME"
 * ("# SKIP" after it) closes one; a result is named by its path,
 * "suite.test.param".  A subtest still open when the console ends (a
 * crash, a timeout) is incomplete.  Other kernel lines between KTAP lines
 * are passed over; the parser never fails on text.
 */
#include "buf.h"
#include "strvec.h"
#include <git2.h>
#include <stdbool.h>

/* The Kconfig files of a tree, read once for many kunit_find_suites(). */
struct kunit_tree {
	git_repository *git;
	git_tree *tree;
	struct strvec kconfig;	/* the texts of every Kconfig* file */
	bool loaded;
};

#define KUNIT_TREE_INIT(git, tree) { (git), (tree), STRVEC_INIT, false }

/*
 * Add to `symbols` the KUnit suite symbols of directory `dir` that match
 * `patterns`, and to `suites` the suite names their sources declare.
 */
int kunit_find_suites(struct strvec *symbols, struct strvec *suites, struct kunit_tree *t,
		      const char *dir, const struct strvec *patterns);
void kunit_tree_release(struct kunit_tree *t);

enum ktap_status { KTAP_PASS, KTAP_FAIL, KTAP_SKIP, KTAP_INCOMPLETE };

struct ktap_result {
	char *name;		/* "suite", "suite.test", "suite.test.param" */
	int level;		/* 0: a suite, 1: a test case, 2: a parameter */
	enum ktap_status status;
	char *diag;		/* a failure's last lines of diagnostics, or NULL */
};

struct ktap_results {
	struct ktap_result *v;
	size_t nr, alloc;
};

#define KTAP_RESULTS_INIT { NULL, 0, 0 }

#define KTAP_DEPTH 8
#define KTAP_DIAG_LINES 4

/* Where the reader is in one console. */
struct ktap_reader {
	bool in_doc;			/* after "KTAP version", until its plan is done */
	long plan, top;			/* the "1..N" of level 0; results there so far */
	char *open[KTAP_DEPTH];		/* the subtest open at each level, or NULL */
	struct strvec diag;		/* lines since the last result */
};

#define KTAP_READER_INIT { false, -1, 0, { NULL }, STRVEC_INIT }

/* One console line, as printed (a "[ 1.2] " timestamp is taken off). */
void ktap_read_line(struct ktap_reader *r, struct ktap_results *out, const char *line);
/* The console ended: subtests still open are incomplete. */
void ktap_read_end(struct ktap_reader *r, struct ktap_results *out);
/* The status of `name`, or -1 when no result has it. */
int ktap_status_of(const struct ktap_results *res, const char *name);
const char *ktap_status_name(enum ktap_status s);
/* Distinct suites and test cases, and the cases of each status (the worst of repeats). */
void ktap_count(const struct ktap_results *res, size_t *suites, size_t *cases, size_t by_status[4]);
void ktap_results_release(struct ktap_results *res);

#endif
