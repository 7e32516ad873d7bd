#include "verify.h"
#include "builddir.h"
#include "buildcheck.h"
#include "cscan.h"
#include "error.h"
#include "progress.h"
#include "fs.h"
#include "gcov.h"
#include "guest.h"
#include "kconfig.h"
#include "kconfig_solve.h"
#include "scratch.h"
#include "verify_cache.h"
#include "worktree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const status_names[] = { "ok", "failed", "not-exercised", "not-built" };

const char *verify_status_name(enum verify_status s)
{
	return status_names[s];
}

size_t verify_other_arch(const char *path)
{
	size_t n;

	if (strncmp(path, "arch/", 5))
		return 0;
	n = strcspn(path + 5, "/");
	if (!n || !path[5 + n] || (n == 3 && !strncmp(path + 5, "x86", 3)))
		return 0;
	return 5 + n;
}

static void add_fn(struct verify_commit *vc, const char *name, const char *file)
{
	for (size_t i = 0; i < vc->nr_fns; i++)
		if (!strcmp(vc->fns[i].name, name))
			return;
	ALLOC_GROW(vc->fns, vc->nr_fns, vc->alloc_fns);
	vc->fns[vc->nr_fns++] = (struct verify_fn){ xstrdup(name), xstrdup(file), 0, false, false,
						    false, false };
}

/* The functions whose bodies hold the new side of each hunk of a file. */
static int hunk_functions(struct verify_commit *vc, git_repository *git, git_patch *patch,
			  const git_diff_delta *d)
{
	struct buf text = BUF_INIT;
	struct toks t = { 0 };
	struct cfuncs f = { 0 };
	int ret;

	if ((ret = repo_read_blob(&text, git, &d->new_file.id)) < 0)
		goto out;
	toks_scan(&t, text.ptr, text.len);
	cfuncs_find(&f, &t);
	for (size_t h = 0; h < git_patch_num_hunks(patch); h++) {
		const git_diff_hunk *hunk;
		size_t nl;

		if (git_patch_get_hunk(&hunk, &nl, patch, h) < 0)
			continue;
		int end = hunk->new_start + (hunk->new_lines ? hunk->new_lines : 1);

		for (int l = hunk->new_start; l < end; l++) {
			const struct cfunc *fn = cfuncs_at_line(&f, &t, (unsigned)l);

			if (fn)
				add_fn(vc, fn->name, d->new_file.path);
		}
	}
out:
	cfuncs_release(&f);
	toks_release(&t);
	buf_release(&text);
	return ret;
}

static int commit_changes(struct verify_commit *vc, git_repository *git, git_tree *old,
			  git_tree *new)
{
	git_diff_options opts;
	git_diff *diff = NULL;
	int ret = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	if (git_diff_tree_to_tree(&diff, git, old, new, &opts) < 0)
		return error_git("cannot diff commit %s", git_oid_tostr_s(&vc->id));
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !ret; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		git_patch *patch = NULL;

		strvec_push(&vc->paths, path);
		if (d->status == GIT_DELTA_DELETED || !(str_ends_with(path, ".c") || str_ends_with(path, ".h")))
			continue;
		if (str_ends_with(path, ".c"))
			strvec_pushf(&vc->objects, "%.*s.o", (int)strlen(path) - 2, path);
		if (git_patch_from_diff(&patch, diff, i) < 0)
			ret = error_git("cannot diff '%s'", path);
		else if (patch)
			ret = hunk_functions(vc, git, patch, d);
		git_patch_free(patch);
	}
	git_diff_free(diff);
	return ret;
}

static int object_symbols(struct verify_commit *vc, git_repository *git, git_tree *tree)
{
	int ret = 0;

	for (size_t i = 0; i < vc->objects.nr && !ret; i++) {
		struct strvec syms = STRVEC_INIT;
		bool named;

		if (verify_other_arch(vc->objects.v[i]))	/* no use asking i386 for it */
			continue;
		ret = kconfig_object_symbols(&syms, &named, git, tree, vc->objects.v[i]);
		for (size_t s = 0; !ret && s < syms.nr; s++)
			if (strvec_find(&vc->symbols, syms.v[s]) < 0)
				strvec_push(&vc->symbols, syms.v[s]);
		strvec_clear(&syms);
	}
	return ret;
}

int verify_collect(struct verify_run *run, struct repo *r, const git_oid *commits, size_t nr)
{
	int ret = 0;

	for (size_t i = 0; i < nr && !ret; i++) {
		git_commit *c = NULL, *parent = NULL;
		git_tree *tree = NULL, *ptree = NULL;
		struct verify_commit *vc;

		ALLOC_GROW(run->v, run->nr, run->alloc);
		vc = &run->v[run->nr++];
		*vc = (struct verify_commit){ commits[i], NULL, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT,
					      NULL, 0, 0, VERIFY_NOT_EXERCISED, BUF_INIT, STRVEC_INIT,
					      STRVEC_INIT };
		if (git_commit_lookup(&c, r->git, &commits[i]) < 0 ||
		    git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&tree, c) < 0 ||
		    git_commit_tree(&ptree, parent) < 0) {
			ret = error_git("cannot read commit %s", git_oid_tostr_s(&commits[i]));
		} else {
			vc->subject = xstrdup(git_commit_summary(c));
			if (i == 0)
				run->base = *git_commit_id(parent);
			if (!(ret = commit_changes(vc, r->git, ptree, tree)))
				ret = object_symbols(vc, r->git, tree);
		}
		git_tree_free(tree);
		git_tree_free(ptree);
		git_commit_free(parent);
		git_commit_free(c);
	}
	return ret;
}

/* Everything one run of the stage holds. */
struct ctx {
	struct verify_run *run;
	struct repo *r;
	const struct verify_opts *o;
	struct workloads w;
	struct worktree wt;
	struct builddir b;
	struct arch arch;
	struct lock cache_lock;
	struct buf scratch;
	git_oid trees[2];
	char *images[2];
	bool built[2];
	struct buf build_error;
	struct strvec failed_objects;	/* of the last build */
	struct strvec gcov_objects;	/* the converted objects, built with gcov */
	struct strvec make_args;	/* that say so to kbuild */
	char *gcno_dir;			/* the tip's .gcno files, kept beside its image */
	char *gcov_root;		/* the build dir as gcc saw it (no symlinks) */
};

static int check_programs(struct ctx *x)
{
	if (!program_exists("qemu-system-i386"))
		return error("qemu-system-i386 not found: install Debian's qemu-system-x86");
	if (!program_exists("gcc"))
		return error("gcc not found: verify builds the kernel and init with it");
	if (x->gcov_objects.nr && !program_exists("gcov"))
		return error("gcov not found: install Debian's gcc; verify counts the converted"
			     " functions with it");
	for (size_t i = 0; i < x->run->workloads.nr; i++) {
		const struct workload *w = workloads_find(&x->w, x->run->workloads.v[i]);

		if (w->mkfs.nr && !program_exists(w->mkfs.v[0]))
			return error("workload '%s' needs '%s', which is not installed", w->name,
				     w->mkfs.v[0]);
		if (w->fsck.nr && !program_exists(w->fsck.v[0]))
			return error("workload '%s' needs '%s', which is not installed", w->name,
				     w->fsck.v[0]);
	}
	return 0;
}

static int check_tree(struct ctx *x, const git_oid *tree_id)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int ret;

	if (git_tree_lookup(&tree, x->r->git, tree_id) < 0)
		return error_git("cannot read the base tree");
	if ((ret = buildcheck_is_kernel_tree(tree, "the base tree")) == 0 &&
	    git_tree_entry_bypath(&e, tree, "tools/include/nolibc/nolibc.h") < 0)
		ret = error("the base tree has no tools/include/nolibc/nolibc.h: verify needs"
			    " Linux 5.1 or newer");
	git_tree_entry_free(e);
	git_tree_free(tree);
	return ret;
}

/*
 * Apply commit c's own change (its parent to it) to the index `idx`: each
 * file it changes must still hold what the commit's parent had there.
 */
static int apply_commit(git_index *idx, git_repository *git, const git_oid *id)
{
	git_commit *c = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	int ret = 0;

	if (git_commit_lookup(&c, git, id) < 0 || git_commit_parent(&parent, c, 0) < 0 ||
	    git_commit_tree(&tree, c) < 0 || git_commit_tree(&ptree, parent) < 0 ||
	    git_diff_tree_to_tree(&diff, git, ptree, tree, NULL) < 0) {
		ret = error_git("cannot read commit %s", git_oid_tostr_s(id));
		goto out;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !ret; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_index_entry *have = git_index_get_bypath(idx, d->old_file.path, 0);
		git_index_entry e;

		if (d->status == GIT_DELTA_ADDED ? have != NULL :
		    !have || !git_oid_equal(&have->id, &d->old_file.id)) {
			ret = error("commit %s conflicts with the other commits of the range in '%s';"
				    " verify one series at a time", git_oid_tostr_s(id),
				    d->old_file.path);
			break;
		}
		if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_TYPECHANGE)
			if (git_index_remove(idx, d->old_file.path, 0) < 0)
				ret = error_git("cannot apply commit %s", git_oid_tostr_s(id));
		if (ret || d->status == GIT_DELTA_DELETED)
			continue;
		memset(&e, 0, sizeof(e));
		e.mode = d->new_file.mode;
		e.id = d->new_file.id;
		e.path = d->new_file.path;
		if (git_index_add(idx, &e) < 0)
			ret = error_git("cannot apply commit %s", git_oid_tostr_s(id));
	}
out:
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(c);
	return ret;
}

/*
 * The tip kernel's tree: the base with every commit's change.  For one
 * chain that is the last commit's tree; the separate series branches of a
 * topic are put together in an in-memory index (their files do not
 * overlap: a file two of them change is an error).  Commits already known
 * not to build are left out.
 */
static int tip_tree(struct ctx *x)
{
	git_tree *base = NULL;
	git_index *idx = NULL;
	int ret = 0;

	if (git_tree_lookup(&base, x->r->git, &x->trees[0]) < 0)
		return error_git("cannot read the base tree");
	if (git_index_new(&idx) < 0 || git_index_read_tree(idx, base) < 0)
		ret = error_git("cannot read the base tree into an index");
	for (size_t i = 0; i < x->run->nr && !ret; i++)
		if (x->run->v[i].status != VERIFY_NOT_BUILT)
			ret = apply_commit(idx, x->r->git, &x->run->v[i].id);
	if (!ret && git_index_write_tree_to(&x->trees[1], idx, x->r->git) < 0)
		ret = error_git("cannot write the tip tree");
	git_index_free(idx);
	git_tree_free(base);
	return ret;
}

static char *object_source(const char *object)
{
	char *c = xstrdup(object);

	c[strlen(c) - 1] = 'c';
	return c;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
}

/*
 * The KUnit fallback: a commit's objects that no workload covers get the
 * KUnit suites of their directory (kunit.h), read in the base tree; the
 * fallback is selected when any commit has one.
 */
static int kunit_plan(struct ctx *x)
{
	const struct workload *k = workloads_kunit(&x->w);
	struct verify_run *run = x->run;
	git_tree *tree = NULL;
	struct kunit_tree kt;
	bool any = false;
	int ret = 0;

	if (!k)
		return 0;
	if (git_tree_lookup(&tree, x->r->git, &x->trees[0]) < 0)
		return error_git("cannot read the base tree");
	kt = (struct kunit_tree)KUNIT_TREE_INIT(x->r->git, tree);
	for (size_t i = 0; i < run->nr && !ret; i++) {
		struct verify_commit *vc = &run->v[i];

		for (size_t o = 0; o < vc->objects.nr && !ret; o++) {
			char *src = object_source(vc->objects.v[o]), *dir = dir_of(src);

			if (!verify_other_arch(src) && !workloads_cover(&x->w, src))
				ret = kunit_find_suites(&vc->kunit_symbols, &vc->kunit_suites, &kt,
							dir, &k->kunit);
			free(src);
			free(dir);
		}
		any |= vc->kunit_symbols.nr > 0;
	}
	if (!ret && any && strvec_find(&run->workloads, k->name) < 0)
		strvec_push(&run->workloads, k->name);
	kunit_tree_release(&kt);
	git_tree_free(tree);
	return ret;
}

/* The objects' symbols, then the KUnit suites': what the fragment builds in. */
static void built_in_symbols(struct strvec *out, const struct verify_run *run)
{
	for (size_t i = 0; i < run->nr; i++)
		strvec_push_unique(out, &run->v[i].symbols);
	for (size_t i = 0; i < run->nr; i++)
		strvec_push_unique(out, &run->v[i].kunit_symbols);
}

/* Workloads, fragment, programs, the two trees: all before anything is written. */
static int plan(struct ctx *x)
{
	struct verify_run *run = x->run;
	struct strvec paths = STRVEC_INIT, symbols = STRVEC_INIT;
	git_commit *c = NULL;
	int ret;

	x->arch = (struct arch){ "verify-i386", "i386", "tinyconfig", "gcc", false, false, STRVEC_INIT };
	if ((ret = workloads_load(&x->w, x->o->dir, x->o->workloads)) < 0)
		return ret;
	for (size_t i = 0; i < run->nr; i++)
		for (size_t p = 0; p < run->v[i].paths.nr; p++)
			strvec_push(&paths, run->v[i].paths.v[p]);
	for (size_t i = 0; i < run->nr; i++)
		for (size_t o = 0; o < run->v[i].objects.nr; o++)
			if (!verify_other_arch(run->v[i].objects.v[o]) &&
			    strvec_find(&x->gcov_objects, run->v[i].objects.v[o]) < 0)
				strvec_push(&x->gcov_objects, run->v[i].objects.v[o]);
	gcov_make_args(&x->make_args, &x->gcov_objects);
	workloads_select(&run->workloads, &x->w, &paths);
	if (x->o->base)
		run->base = *git_commit_id(x->r->base_commit);
	if (!(ret = check_programs(x)))
		ret = git_commit_lookup(&c, x->r->git, &run->base) < 0 ?
			error_git("cannot read the base commit") : 0;
	if (!ret) {
		x->trees[0] = *git_commit_tree_id(c);
		ret = tip_tree(x);
	}
	if (!ret)
		ret = check_tree(x, &x->trees[0]);
	if (!ret)
		ret = kunit_plan(x);
	built_in_symbols(&symbols, run);
	verify_fragment(&run->fragment, &x->w, &run->workloads, &symbols);
	git_commit_free(c);
	strvec_clear(&paths);
	strvec_clear(&symbols);
	return ret;
}

/* "CONFIG_X=y" becomes "CONFIG_X=y (fs/x/Kconfig: needs Y, which is off)". */
static int explain_refused(struct ctx *x)
{
	struct buf path = BUF_INIT, config = BUF_INIT;
	struct strvec *refused = &x->run->refused;
	struct kconfig_files k = KCONFIG_FILES_INIT;
	int ret;

	buf_printf(&path, "%s/.config", x->b.dir);
	if ((ret = buf_read_file(&config, path.ptr)) == 0) {
		kconfig_files_load(&k, x->wt.dir);
		for (size_t i = 0; i < refused->nr; i++) {
			char *sym = xstrndup(refused->v[i] + 7, strcspn(refused->v[i] + 7, "="));
			struct buf why = BUF_INIT;

			kconfig_why(&why, &k, config.ptr, sym);
			buf_reset(&path);
			buf_printf(&path, "%s (%s)", refused->v[i], why.ptr);
			free(refused->v[i]);
			refused->v[i] = buf_detach(&path, NULL);
			buf_release(&why);
			free(sym);
		}
	}
	kconfig_files_release(&k);
	buf_release(&path);
	buf_release(&config);
	return ret;
}

static bool is_suite(const struct verify_run *run, const char *sym)
{
	for (size_t c = 0; c < run->nr; c++)
		if (strvec_find(&run->v[c].kunit_symbols, sym) >= 0)
			return true;
	return false;
}

/*
 * A KUnit suite kconfig refused may only need a menu or a dependency that
 * tinyconfig leaves off (RUNTIME_TESTING_MENU): solve for it as build's
 * --arch auto does (kconfig_solve.h), then list what is still refused.
 */
static int reach_suites(struct ctx *x)
{
	struct verify_run *run = x->run;
	struct strvec want = STRVEC_INIT;
	struct kconfig_db *db = NULL;
	struct reach r = REACH_INIT;
	struct buf path = BUF_INIT, config = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < run->refused.nr; i++) {
		char *sym = xstrndup(run->refused.v[i] + 7, strcspn(run->refused.v[i] + 7, "="));

		if (is_suite(run, sym))
			strvec_push(&want, sym);
		free(sym);
	}
	if (!want.nr)
		goto out;
	if (kconfig_db_load(&db, x->wt.dir, kconfig_srcarch(x->arch.arch)) < 0)
		db = NULL;	/* then each suite is only tried as it is */
	buf_printf(&path, "%s/.config", x->b.dir);
	if ((ret = builddir_reach(&x->b, db, &want, &r)) < 0 ||
	    (ret = buf_read_file(&config, path.ptr)) < 0)
		goto out;
	strvec_clear(&run->refused);
	verify_refused(&run->refused, config.ptr, &run->fragment);
out:
	kconfig_db_free(db);
	reach_release(&r);
	strvec_clear(&want);
	buf_release(&path);
	buf_release(&config);
	return ret;
}

/* The build dir (cached), configured with the fragment; refusals named. */
static int configure(struct ctx *x)
{
	struct verify_run *run = x->run;
	struct buf fatal = BUF_INIT;
	int ret;

	x->b.jobs = x->o->jobs;
	if ((ret = builddir_lock_cache(&x->cache_lock)) < 0 ||
	    (ret = worktree_open(&x->wt, x->r)) < 0 ||
	    (ret = worktree_checkout(&x->wt, x->r, &x->trees[0])) < 0 ||
	    (ret = builddir_prepare(&x->b, &x->arch, x->wt.dir, git_oid_tostr_s(&x->trees[0]))) < 0 ||
	    (ret = builddir_configure(&x->b, &run->fragment, &run->refused)) < 0 ||
	    (ret = reach_suites(x)) < 0)
		goto out;
	run->builddir = xstrdup(x->b.dir);
	if (run->refused.nr && (ret = explain_refused(x)) < 0)
		goto out;
	/*
	 * A refused object symbol makes its commits not-built, a refused KUnit
	 * suite is named in their detail; any other is fatal.
	 */
	for (size_t i = 0; i < run->refused.nr; i++) {
		char *sym = xstrndup(run->refused.v[i] + 7, strcspn(run->refused.v[i] + 7, "="));
		bool object = false;

		for (size_t c = 0; c < run->nr; c++)
			object |= strvec_find(&run->v[c].symbols, sym) >= 0;
		object |= is_suite(run, sym);
		if (!object)
			buf_printf(&fatal, "%s%s", fatal.len ? ", " : "", run->refused.v[i]);
		free(sym);
	}
	if (fatal.len)
		ret = error("kconfig refused %s in %s/.config", fatal.ptr, x->b.dir);
out:
	buf_release(&fatal);
	return ret;
}

/* The build id of the .config in the build dir (verify_cache.h). */
static int config_id(struct buf *out, struct ctx *x)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int ret;

	buf_printf(&path, "%s/.config", x->b.dir);
	if ((ret = buf_read_file(&text, path.ptr)) == 0)
		verify_build_id(out, text.ptr, &x->make_args);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

static int copy_file(const char *from, const char *to)
{
	struct buf data = BUF_INIT;
	int ret;

	if ((ret = buf_read_file(&data, from)) == 0)
		ret = buf_write_file_atomic(&data, to);
	buf_release(&data);
	return ret;
}

/* The copy of a side's kernel in the scratch dir, which the boots use. */
static int take_image(struct ctx *x, int side, const char *built)
{
	struct buf copy = BUF_INIT;
	int ret;

	buf_printf(&copy, "%s/%s.bzImage", x->scratch.ptr, side ? "tip" : "base");
	if ((ret = copy_file(built, copy.ptr)) == 0) {
		x->images[side] = buf_detach(&copy, NULL);
		x->built[side] = true;
	}
	if (!ret && side) {
		free(x->gcno_dir);
		x->gcno_dir = verify_notes_dir(built);
	}
	buf_release(&copy);
	return ret;
}

static int record_path(struct buf *out, struct ctx *x)
{
	struct buf dir = BUF_INIT;
	int ret;

	if ((ret = builddir_path(&dir, &x->arch, git_oid_tostr_s(&x->trees[0]))) == 0)
		verify_record_path(out, dir.ptr, &x->trees[0], &x->run->fragment, &x->make_args);
	buf_release(&dir);
	return ret;
}

/* After configure(): what a re-run needs to find the kernels without the lock. */
static int write_record(struct ctx *x)
{
	struct buf path = BUF_INIT, id = BUF_INIT;
	int ret;

	if ((ret = config_id(&id, x)) == 0 && (ret = record_path(&path, x)) == 0)
		ret = verify_record_write(path.ptr, id.ptr, &x->run->refused);
	buf_release(&path);
	buf_release(&id);
	return ret;
}

/*
 * Both kernels already built with the .config this fragment gave: copy
 * them to the scratch dir and boot those, without taking the build lock
 * or the checkout.  A run that holds the lock may re-make the build dir
 * meanwhile, but every file there is replaced by rename(), so what is
 * read is whole; whatever is missing sends the run down the locked path.
 */
static bool cached_kernels(struct ctx *x)
{
	struct buf path = BUF_INIT, id = BUF_INIT, dir = BUF_INIT, image = BUF_INIT;
	struct strvec refused = STRVEC_INIT;
	bool ok = !record_path(&path, x) && verify_record_read(&id, &refused, path.ptr) &&
		  !builddir_path(&dir, &x->arch, git_oid_tostr_s(&x->trees[0]));

	for (int side = 0; side < 2 && ok; side++) {
		buf_reset(&image);
		verify_image_path(&image, dir.ptr, &x->trees[side], id.ptr);
		ok = !access(image.ptr, R_OK) && !take_image(x, side, image.ptr);
	}
	if (ok) {
		note("both kernels are built (%s): booting them", dir.ptr);
		x->run->build_cached[0] = x->run->build_cached[1] = true;
		x->run->builddir = buf_detach(&dir, NULL);
		for (size_t i = 0; i < refused.nr; i++)
			strvec_push(&x->run->refused, refused.v[i]);
	}
	for (int side = 0; side < 2 && !ok; side++) {
		free(x->images[side]);
		x->images[side] = NULL;
		x->built[side] = false;
	}
	strvec_clear(&refused);
	buf_release(&path);
	buf_release(&id);
	buf_release(&dir);
	buf_release(&image);
	return ok;
}

void verify_failed_objects(struct strvec *out, const char *make_err)
{
	for (const char *p = make_err; *p;) {
		const char *nl = strchrnul(p, '\n'), *end = nl;
		const char *star = memmem(p, (size_t)(nl - p), "*** [", 5);

		/* "make[4]: *** [scripts/Makefile.build:250: fs/x/y.o] Error 1" */
		if (star && (end = memmem(star, (size_t)(nl - star), "] Error ", 8))) {
			const char *t = end;

			while (t > star && t[-1] != ' ' && t[-1] != '[')
				t--;
			if (end - t > 2 && !strncmp(end - 2, ".o", 2)) {
				char *obj = xstrndup(t, (size_t)(end - t));

				if (strvec_find(out, obj) < 0)
					strvec_push(out, obj);
				free(obj);
			}
		}
		p = *nl ? nl + 1 : nl;
	}
}

size_t verify_drop_commits(struct verify_run *run, const struct strvec *objects, const char *why)
{
	size_t dropped = 0;

	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];
		bool hit = false;

		for (size_t o = 0; o < vc->objects.nr && !hit; o++)
			hit = strvec_find(objects, vc->objects.v[o]) >= 0;
		if (!hit || vc->status == VERIFY_NOT_BUILT)
			continue;
		vc->status = VERIFY_NOT_BUILT;
		buf_reset(&vc->detail);
		buf_puts(&vc->detail, "it does not build in the tip kernel:");
		/* the diagnostics in its own files, else the objects that failed */
		for (const char *p = why; *p;) {
			const char *nl = strchrnul(p, '\n');
			bool mine = false;

			for (size_t f = 0; f < vc->paths.nr && !mine; f++)
				mine = memmem(p, (size_t)(nl - p), vc->paths.v[f],
					      strlen(vc->paths.v[f])) != NULL;
			if (mine)
				buf_printf(&vc->detail, "\n%.*s", (int)(nl - p), p);
			p = *nl ? nl + 1 : nl;
		}
		for (size_t o = 0; o < vc->objects.nr && !strchr(vc->detail.ptr, '\n'); o++)
			if (strvec_find(objects, vc->objects.v[o]) >= 0)
				buf_printf(&vc->detail, "\nmake could not build %s", vc->objects.v[o]);
		dropped++;
	}
	return dropped;
}

static int build_side(struct ctx *x, int side)
{
	struct buf image = BUF_INIT, cfg = BUF_INIT, made = BUF_INIT;
	struct strvec targets = STRVEC_INIT, diags = STRVEC_INIT, keys = STRVEC_INIT;
	struct child c = CHILD_INIT;
	double t0 = monotonic_seconds();
	int ret;

	if ((ret = config_id(&cfg, x)) < 0)
		goto out;
	verify_image_path(&image, x->b.dir, &x->trees[side], cfg.ptr);
	if (!access(image.ptr, R_OK)) {
		x->run->build_cached[side] = true;
		ret = take_image(x, side, image.ptr);
		goto out;
	}
	note("building the %s kernel (i386, %s)", side ? "tip" : "base", x->b.dir);
	if ((ret = worktree_checkout(&x->wt, x->r, &x->trees[side])) < 0)
		goto out;
	strvec_push(&targets, "bzImage");
	for (size_t i = 0; i < x->make_args.nr; i++)
		strvec_push(&targets, x->make_args.v[i]);
	if ((ret = builddir_make(&c, &x->b, &targets, NULL)) < 0)
		goto out;
	buf_printf(&made, "%s/arch/x86/boot/bzImage", x->b.dir);
	if (child_succeeded(&c)) {
		char *dir = xstrndup(image.ptr, strrchr(image.ptr, '/') - image.ptr);
		char *notes = verify_notes_dir(image.ptr);

		/* the notes first: an image is cached only with them */
		if (!(ret = mkdir_p(dir)) && side)
			ret = gcov_keep_notes(x->b.dir, &x->gcov_objects, notes);
		if (!ret && !(ret = copy_file(made.ptr, image.ptr)))
			ret = take_image(x, side, image.ptr);
		free(notes);
		free(dir);
	} else {
		verify_failed_objects(&x->failed_objects, c.err.ptr);
		buildcheck_parse_diags(&diags, &keys, c.err.ptr, x->wt.dir);
		for (size_t i = 0; i < diags.nr && i < 10; i++)
			buf_printf(&x->build_error, "%s\n", diags.v[i]);
		if (!x->build_error.len)
			buf_printf(&x->build_error, "make bzImage failed (exit %d)\n", c.exit_status);
		if (side == 0)
			ret = error("the base kernel does not build: %s", x->build_error.ptr);
	}
out:
	x->run->build_s[side] += monotonic_seconds() - t0;
	child_release(&c);
	strvec_clear(&targets);
	strvec_clear(&diags);
	strvec_clear(&keys);
	buf_release(&image);
	buf_release(&cfg);
	buf_release(&made);
	return ret;
}

/*
 * Build the tip.  When objects of some commits do not compile, those
 * commits are not-built and the tip is built again without them, so that
 * one commit that breaks the build does not leave a whole-tree range
 * unbooted.  A failure no commit's object explains (a link error) leaves
 * every remaining commit not-built.
 */
#define TIP_BUILD_ROUNDS 4

static int build_tip(struct ctx *x)
{
	int ret = 0;

	for (int round = 0; !ret; round++) {
		size_t dropped;

		strvec_clear(&x->failed_objects);
		if ((ret = build_side(x, 1)) < 0 || x->built[1] || round + 1 == TIP_BUILD_ROUNDS)
			break;
		dropped = verify_drop_commits(x->run, &x->failed_objects, x->build_error.ptr);
		if (!dropped)
			break;
		note("%zu commit%s do%s not build; building the tip without %s", dropped,
		     dropped == 1 ? "" : "s", dropped == 1 ? "es" : "", dropped == 1 ? "it" : "them");
		buf_reset(&x->build_error);
		free(x->images[1]);
		x->images[1] = NULL;
		ret = tip_tree(x);
	}
	return ret;
}

/*
 * Code that runs while the kernel boots: the crypto self-tests.  (lib/
 * runs at boot too, but is built without ftrace: no use tracing it.)
 */
static bool runs_at_boot(const char *file)
{
	return !strncmp(file, "crypto/", 7) || !strncmp(file, "include/crypto/", 15);
}

/* The converted functions, those that may run at boot first (see boot_filter()). */
static void all_functions(struct strvec *out, const struct verify_run *run)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < run->nr; i++)
			for (size_t f = 0; f < run->v[i].nr_fns; f++)
				if (runs_at_boot(run->v[i].fns[f].file) == !pass &&
				    !verify_other_arch(run->v[i].fns[f].file) &&
				    strvec_find(out, run->v[i].fns[f].name) < 0)
					strvec_push(out, run->v[i].fns[f].name);
}

/*
 * Boot one kernel until its workloads are done.  A WARN panics it
 * (panic_on_warn=1, so that a WARN_ON_ONCE seen in one workload cannot
 * hide the same WARN in the next); the workloads it had not begun then
 * run in a new boot of the same kernel.  A kernel that panics before
 * init is booted once more without panic_on_warn=1, so that one WARN at
 * boot does not stop every workload.  Each run must begin a workload
 * the earlier runs did not, else the boot ends where it is.
 */
static int boot_side(struct boot *b, struct guest *g, const char *image, const char *label)
{
	const struct strvec *all = g->selected;
	struct strvec rest = STRVEC_INIT;
	struct buf name = BUF_INIT;
	size_t left = all->nr + 1;
	int ret;

	ret = guest_boot(b, g, image, label);
	while (!ret && !b->done && !b->timed_out) {
		strvec_clear(&rest);
		if (!b->init_ran && g->no_panic_on_warn)
			break;
		if (!b->init_ran) {
			g->no_panic_on_warn = true;
			for (size_t i = 0; i < all->nr; i++)
				strvec_push(&rest, all->v[i]);
		} else {
			boot_remaining(&rest, b, all);
			if (!rest.nr || rest.nr >= left)
				break;
			left = rest.nr;
		}
		buf_reset(&name);
		buf_printf(&name, "%s-%d", label, b->runs + 1);
		note("the %s kernel stopped before its workloads ended; booting it again%s for %zu "
		     "workload%s", label, g->no_panic_on_warn ? " without panic_on_warn" : "",
		     rest.nr, rest.nr == 1 ? "" : "s");
		g->selected = &rest;
		ret = guest_boot(b, g, image, name.ptr);
		g->selected = all;
	}
	g->no_panic_on_warn = false;
	strvec_clear(&rest);
	buf_release(&name);
	return ret;
}

/*
 * The base tree's tools/include/nolibc, written to <scratch>/src/ for the
 * guest's init: the boots need no checkout.
 */
static int write_nolibc(struct ctx *x)
{
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	struct buf path = BUF_INIT, blob = BUF_INIT;
	int ret = 0;

	if (git_tree_lookup(&tree, x->r->git, &x->trees[0]) < 0 ||
	    git_tree_entry_bypath(&e, tree, "tools/include/nolibc") < 0 ||
	    git_tree_lookup(&sub, x->r->git, git_tree_entry_id(e)) < 0) {
		ret = error_git("cannot read tools/include/nolibc of the base tree");
		goto out;
	}
	buf_printf(&path, "%s/src/tools/include/nolibc", x->scratch.ptr);
	if ((ret = mkdir_p(path.ptr)) < 0)
		goto out;
	for (size_t i = 0; i < git_tree_entrycount(sub) && !ret; i++) {
		const git_tree_entry *f = git_tree_entry_byindex(sub, i);
		const char *name = git_tree_entry_name(f);

		if (git_tree_entry_type(f) != GIT_OBJECT_BLOB || name[0] == '.')
			continue;
		buf_reset(&path);
		buf_reset(&blob);
		buf_printf(&path, "%s/src/tools/include/nolibc/%s", x->scratch.ptr, name);
		if ((ret = repo_read_blob(&blob, x->r->git, git_tree_entry_id(f))) == 0)
			ret = buf_write_file_atomic(&blob, path.ptr);
	}
out:
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(tree);
	buf_release(&path);
	buf_release(&blob);
	return ret;
}

static int boot_sides(struct ctx *x)
{
	struct guest g = GUEST_INIT;
	struct buf src = BUF_INIT;
	int ret;

	buf_printf(&src, "%s/src", x->scratch.ptr);
	g.scratch = x->scratch.ptr;
	g.src = src.ptr;
	g.init_c = x->o->dir;
	g.timeout = x->o->timeout;
	g.w = &x->w;
	for (size_t i = 0; i < x->gcov_objects.nr; i++) {
		struct buf path = BUF_INIT;

		gcov_guest_path(&path, x->gcov_root, x->gcov_objects.v[i]);
		strvec_push(&g.gcda, path.ptr);
		buf_release(&path);
	}
	g.selected = &x->run->workloads;
	all_functions(&g.functions, x->run);
	if ((ret = guest_build_init(&g)) < 0)
		goto out;
	for (int side = 0; side < 2 && !ret; side++)
		if (x->built[side])
			ret = boot_side(&x->run->boots[side], &g, x->images[side],
					side ? "tip" : "base");
out:
	guest_release(&g);
	buf_release(&src);
	return ret;
}

/*
 * --keep: move the scratch directory out of the "kmap-local.<pid>." names
 * that later runs sweep once this process is gone.
 */
static void keep_scratch(struct verify_run *run, const char *scratch)
{
	const char *base = strrchr(scratch, '/');
	struct buf kept = BUF_INIT;

	buf_printf(&kept, "%.*s/kmap-local-verify-kept.%s", (int)(base - scratch), scratch,
		   base + 1 + strlen("kmap-local."));
	if (rename(scratch, kept.ptr) < 0) {
		warning("cannot keep '%s' as '%s': %s", scratch, kept.ptr, strerror(errno));
		run->keep_dir = xstrdup(scratch);
	} else {
		run->keep_dir = buf_detach(&kept, NULL);
	}
	scratch_remove(scratch);
	buf_release(&kept);
}

int verify_run(struct verify_run *run, struct repo *r, const struct verify_opts *o)
{
	struct ctx x = { run, r, o, WORKLOADS_INIT, WORKTREE_INIT, BUILDDIR_INIT, { 0 }, LOCK_INIT,
			 BUF_INIT, { { { 0 } } }, { NULL, NULL }, { false, false }, BUF_INIT,
			 STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, NULL, NULL };
	int ret;

	if ((ret = plan(&x)) < 0 || (ret = scratch_create(&x.scratch, "verify")) < 0)
		goto out;
	if (!cached_kernels(&x) &&
	    ((ret = configure(&x)) < 0 || (ret = write_record(&x)) < 0 ||
	     (ret = build_side(&x, 0)) < 0 || (ret = build_tip(&x)) < 0))
		goto out;
	/* The boots use copies: others may build while they run. */
	worktree_release(&x.wt);
	lock_release(&x.cache_lock);
	if (!(x.gcov_root = realpath(run->builddir, NULL)))
		x.gcov_root = xstrdup(run->builddir);
	if ((ret = write_nolibc(&x)) < 0 || (ret = boot_sides(&x)) < 0)
		goto out;
	if (x.built[1] && x.gcno_dir &&
	    (ret = gcov_read(&run->boots[1], x.gcov_root, x.gcno_dir, x.scratch.ptr)) < 0)
		goto out;
	if (!x.built[1])
		for (size_t i = 0; i < run->nr; i++) {
			if (run->v[i].status == VERIFY_NOT_BUILT)
				continue;
			run->v[i].status = VERIFY_NOT_BUILT;
			buf_printf(&run->v[i].detail, "the tip kernel does not build:\n%s",
				   x.build_error.ptr);
		}
	else
		verify_judge(run, &x.w);
out:
	if (x.scratch.len && o->keep)
		keep_scratch(run, x.scratch.ptr);
	else if (x.scratch.len)
		scratch_remove(x.scratch.ptr);
	for (int i = 0; i < 2; i++)
		free(x.images[i]);
	buf_release(&x.scratch);
	buf_release(&x.build_error);
	strvec_clear(&x.failed_objects);
	strvec_clear(&x.gcov_objects);
	strvec_clear(&x.make_args);
	free(x.gcno_dir);
	free(x.gcov_root);
	builddir_release(&x.b);
	worktree_release(&x.wt);
	lock_release(&x.cache_lock);
	workloads_release(&x.w);
	return ret;
}
