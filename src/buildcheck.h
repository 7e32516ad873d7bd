#ifndef KMAP_BUILDCHECK_H
#define KMAP_BUILDCHECK_H
/*
 * The build stage: compile the objects each commit touches, per
 * architecture, at its parent and at the commit, in the private checkout
 * (worktree.h) and the cached build dirs (builddir.h).  A touched .c file
 * is built as its .o; a touched header through a .c file of its directory
 * that includes it.  Each object's Kconfig symbols are turned on first;
 * one that cannot be enabled on an arch is "not-built: needs CONFIG_X".
 * All objects of a commit go to one make call per arch and side; commits
 * that share no file and change only .c files share their make calls
 * (buildbatch.h), with the same results.
 *
 * Per commit and arch: ok, new-warnings (the warnings the parent did not
 * have, compared without line numbers), error (an object that built at the
 * parent fails at the commit; the compiler's errors), or not-built (why).
 */
#include "arches.h"
#include "buf.h"
#include "repo.h"

enum build_status { BUILD_OK, BUILD_NEW_WARNINGS, BUILD_ERROR, BUILD_NOT_BUILT };

struct build_cell {
	enum build_status status;
	struct buf detail;	/* warning/error lines, or the reason */
	size_t objects;		/* built at the commit */
	double make_s;		/* its make calls (its share of shared ones) */
	bool used;		/* the arch is one of this commit's */
};

struct build_commit {
	git_oid id;
	char *subject;
	struct strvec objects;
	struct strvec unbuilt;		/* "obj (arch: why; ...)": no arch built it */
	struct build_cell *cells;	/* one per arch */
};

struct build_matrix {
	struct build_commit *v;
	size_t nr, alloc;
	struct arch **arches;	/* every arch some commit used */
	size_t nr_arches, cap_arches;
	size_t nr_selected;	/* arches[0..nr_selected): the ones asked for */
	struct arch **owned;	/* variants made for a symbol ("mips+X") */
	size_t nr_owned;
	double prepare_s;		/* spent preparing build dirs */
	double *arch_prepare_s;		/* per arch; 0 when reused */
	size_t prepared;		/* build dirs made (not reused) */
	size_t make_calls;		/* compile calls of make (not prepares) */
	double make_s;			/* their time */
};

struct build_opts {
	const char *cc_wrapper;
	int jobs;
	bool w1;
	struct arch_table *table;	/* --arch auto: where extra arches come from */
	bool no_batch;			/* each commit on its own (buildbatch.h) */
};

#define BUILD_MATRIX_INIT { NULL, 0, 0, NULL, 0, 0, 0, NULL, 0, 0, NULL, 0, 0, 0 }

const char *build_status_name(enum build_status s);
/* Check that `tree` is a kbuild tree (top-level Makefile and Kconfig). */
int buildcheck_is_kernel_tree(git_tree *tree, const char *what);
int buildcheck_run(struct build_matrix *m, struct repo *r, const git_oid *commits, size_t nr,
		   struct arch **arches, size_t nr_arches, const struct build_opts *o);
/* Whether any arch reported an error for the commit. */
bool buildcheck_failed(const struct build_matrix *m, const git_oid *id);
void buildcheck_format(struct buf *out, const struct build_matrix *m, const git_oid *only,
		       size_t nr_only);
void buildcheck_json(struct buf *out, const struct build_matrix *m);
void build_matrix_release(struct build_matrix *m);

/*
 * The compiler's diagnostics in make's output `out` ("path:12:5: warning:
 * x"), with the checkout's path `src` taken out: `diags` gets each, and
 * `keys` the same without line and column (what tells a new warning from
 * a moved one), one entry per key.  Exposed for tests.
 */
void buildcheck_parse_diags(struct strvec *diags, struct strvec *keys, const char *out,
			   const char *src);
/* Whether the line is a compiler's warning or error (what the above takes). */
bool buildcheck_is_diag(const char *line, size_t len);

#endif
