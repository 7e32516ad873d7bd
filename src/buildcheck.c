#include "buildcheck.h"
#include "buildbatch.h"
#include "builddir.h"
#include "error.h"
#include "progress.h"
#include "kconfig.h"
#include "kconfig_solve.h"
#include "worktree.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DETAIL_LINES 20

static const char *const status_names[] = { "ok", "new-warnings", "error", "not-built" };

const char *build_status_name(enum build_status s)
{
	return status_names[s];
}

int buildcheck_is_kernel_tree(git_tree *tree, const char *what)
{
	git_tree_entry *mk = NULL, *kc = NULL;
	bool ok = !git_tree_entry_bypath(&mk, tree, "Makefile") &&
		  !git_tree_entry_bypath(&kc, tree, "Kconfig");

	git_tree_entry_free(mk);
	git_tree_entry_free(kc);
	if (!ok)
		return error("%s is not a kernel tree (no top-level Makefile and Kconfig);"
			     " use --no-build or build a kernel tree", what);
	return 0;
}

/*
 * The object of a .c file in `dir` (not `self`) whose text has `needle`,
 * in `out`; `out` stays empty when there is none.
 */
static int including_object(struct buf *out, git_repository *git, git_tree *tree, const char *dir,
			    const char *needle, const char *self)
{
	git_tree *sub = NULL;
	git_tree_entry *e = NULL;
	int ret = 0;

	buf_reset(out);
	if (*dir && (git_tree_entry_bypath(&e, tree, dir) < 0 ||
		     git_tree_lookup(&sub, git, git_tree_entry_id(e)) < 0))
		goto out;
	for (size_t i = 0, n = git_tree_entrycount(sub ? sub : tree); i < n && !out->len && !ret; i++) {
		const git_tree_entry *c = git_tree_entry_byindex(sub ? sub : tree, i);
		const char *name = git_tree_entry_name(c);
		struct buf text = BUF_INIT;

		if (!str_ends_with(name, ".c") || (self && !strcmp(name, self)))
			continue;
		if (!(ret = repo_read_blob(&text, git, git_tree_entry_id(c))) && strstr(text.ptr, needle))
			buf_printf(out, "%s%s%.*s.o", dir, *dir ? "/" : "", (int)strlen(name) - 2, name);
		buf_release(&text);
	}
out:
	git_tree_entry_free(e);
	git_tree_free(sub);
	return ret;
}

/* A .c file of the header's directory that includes it, as its object. */
static int header_object(struct buf *out, git_repository *git, git_tree *tree, const char *header)
{
	const char *slash = strrchr(header, '/'), *base = slash ? slash + 1 : header;
	char *dir = slash ? xstrndup(header, (size_t)(slash - header)) : xstrdup("");
	int ret = including_object(out, git, tree, dir, base, NULL);

	free(dir);
	return ret;
}

/*
 * A .c file that another .c file of its directory or the parent one
 * #includes (i915's gem/selftests/huge_pages.c, included by
 * gem/i915_gem_object.c) is compiled as part of that one: its object.
 */
static int included_c_object(struct buf *out, git_repository *git, git_tree *tree,
			     const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	const char *up = strrchr(dir, '/');
	struct buf needle = BUF_INIT;
	int ret;

	buf_printf(&needle, "#include \"%s\"", base);
	if ((ret = including_object(out, git, tree, dir, needle.ptr, base)) < 0 || out->len || !*dir)
		goto out;
	buf_reset(&needle);
	buf_printf(&needle, "#include \"%s/%s\"", up ? up + 1 : dir, base);
	{
		char *parent = up ? xstrndup(dir, (size_t)(up - dir)) : xstrdup("");

		ret = including_object(out, git, tree, parent, needle.ptr, NULL);
		free(parent);
	}
out:
	buf_release(&needle);
	free(dir);
	return ret;
}

static int touched_objects(struct build_commit *bc, git_repository *git, git_tree *old,
			   git_tree *new)
{
	git_diff *diff = NULL;
	struct buf obj = BUF_INIT;
	int ret = 0;

	if (git_diff_tree_to_tree(&diff, git, old, new, NULL) < 0)
		return error_git("cannot diff commit %s", git_oid_tostr_s(&bc->id));
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !ret; i++) {
		const char *path = git_diff_get_delta(diff, i)->new_file.path;

		buf_reset(&obj);
		if (str_ends_with(path, ".c")) {
			ret = included_c_object(&obj, git, new, path);
			if (!ret && !obj.len)
				buf_printf(&obj, "%.*s.o", (int)strlen(path) - 2, path);
		} else if (str_ends_with(path, ".h")) {
			ret = header_object(&obj, git, new, path);
		}
		if (obj.len && strvec_find(&bc->objects, obj.ptr) < 0)
			strvec_push(&bc->objects, obj.ptr);
	}
	buf_release(&obj);
	git_diff_free(diff);
	return ret;
}

/* One side (parent or commit) of one arch: objects built, diagnostics. */
struct side {
	struct strvec built;
	struct strvec diags;	/* "path:line:col: warning: text" */
	struct strvec keys;	/* the same without line and column */
	struct buf failed;	/* make's telling line when an object was not left */
};

#define SIDE_INIT { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, BUF_INIT }

static void side_release(struct side *s)
{
	strvec_clear(&s->built);
	strvec_clear(&s->diags);
	strvec_clear(&s->keys);
	buf_release(&s->failed);
}

static bool name_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr("_-.+~", c));
}

/*
 * "path:12:5: warning: x" -> "path: warning: x", with the checkout's path
 * gone (and the '/' after it), but not a longer name it begins.
 */
static void add_diag(struct strvec *diags, struct strvec *keys, const char *line, size_t len,
		     const char *src)
{
	struct buf d = BUF_INIT, key = BUF_INIT;
	const char *p, *end = line + len;
	size_t n = strlen(src);

	while (n && (p = memmem(line, (size_t)(end - line), src, n))) {
		const char *after = p + n;
		bool ours = after == end || !name_char(*after);

		buf_add(&d, line, (size_t)((ours ? p : after) - line));
		line = ours && after < end && *after == '/' ? after + 1 : after;
	}
	buf_add(&d, line, (size_t)(end - line));
	p = d.ptr + strcspn(d.ptr, ":");
	buf_add(&key, d.ptr, (size_t)(p - d.ptr));
	while (*p == ':' && (p[1] >= '0' && p[1] <= '9')) {
		p++;
		p += strspn(p, "0123456789");
	}
	buf_puts(&key, p);
	if (strvec_find(keys, key.ptr) < 0) {
		strvec_push(keys, key.ptr);
		strvec_push(diags, d.ptr);
	}
	buf_release(&d);
	buf_release(&key);
}

bool buildcheck_is_diag(const char *line, size_t len)
{
	return memmem(line, len, ": warning: ", 11) || memmem(line, len, ": error: ", 9) ||
	       memmem(line, len, ": fatal error: ", 15);
}

void buildcheck_parse_diags(struct strvec *diags, struct strvec *keys, const char *out,
			   const char *src)
{
	for (const char *p = out; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);

		if (buildcheck_is_diag(p, n))
			add_diag(diags, keys, p, n, src);
		p = *nl ? nl + 1 : nl;
	}
}

static void parse_diags(struct side *s, const struct buf *out, const char *src)
{
	buildcheck_parse_diags(&s->diags, &s->keys, out->ptr, src);
}

static void remove_objects(const struct builddir *b, const struct strvec *objs)
{
	struct buf path = BUF_INIT;

	for (size_t i = 0; i < objs->nr; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", b->dir, objs->v[i]);
		unlink(path.ptr);
	}
	buf_release(&path);
}

/* Whether make left the object in the build dir: it compiled. */
static bool object_exists(const struct builddir *b, const char *obj)
{
	struct buf path = BUF_INIT;
	bool ok;

	buf_printf(&path, "%s/%s", b->dir, obj);
	ok = !access(path.ptr, F_OK);
	buf_release(&path);
	return ok;
}

static void count_make(struct build_matrix *m, double secs)
{
	m->make_calls++;
	m->make_s += secs;
}

static bool has_error(const char *text)
{
	return strstr(text, ": error: ") || strstr(text, ": fatal error: ");
}

/* The diagnostics of a second try the first did not print already. */
static void parse_new_diags(struct side *s, const char *text, const char *src)
{
	struct strvec diags = STRVEC_INIT, keys = STRVEC_INIT;

	buildcheck_parse_diags(&diags, &keys, text, src);
	for (size_t i = 0; i < diags.nr; i++)
		if (strvec_find(&s->diags, diags.v[i]) < 0) {
			strvec_push(&s->diags, diags.v[i]);
			strvec_push(&s->keys, keys.v[i]);
		}
	strvec_clear(&diags);
	strvec_clear(&keys);
}

/*
 * Objects a make -jN left nothing for while the compiler printed no
 * error: two rules of one make racing for a file (x86's usercopy_64.o is
 * compiled twice in one call, the two share a .d, fixdep fails and make
 * deletes the object).  One more try at -j1; what still fails keeps
 * make's telling line.
 */
static int retry_alone(struct build_matrix *m, struct side *s, struct builddir *b,
		       const struct strvec *objs, const struct build_opts *o, double *secs)
{
	struct child c = CHILD_INIT;
	double t0 = monotonic_seconds(), took;
	size_t left = objs->nr;
	int jobs = b->jobs, ret;

	note("%s: make -j%d left no %s%s and printed no error: trying again at -j1",
	     b->arch->name, jobs, objs->v[0], objs->nr > 1 ? " (and others)" : "");
	b->jobs = 1;
	ret = builddir_make(&c, b, objs, o->w1 ? "W=1" : NULL);
	b->jobs = jobs;
	if (ret < 0)
		goto out;
	parse_new_diags(s, c.err.ptr, b->src);
	parse_new_diags(s, c.out.ptr, b->src);
	for (size_t i = 0; i < objs->nr; i++)
		if (object_exists(b, objs->v[i])) {
			strvec_push(&s->built, objs->v[i]);
			left--;
		}
	buf_reset(&s->failed);
	if (left)
		builddir_telling_line(&s->failed, c.err.len ? c.err.ptr : c.out.ptr);
out:
	took = monotonic_seconds() - t0;
	*secs += took;
	count_make(m, took);
	child_release(&c);
	return ret;
}

static int build_side(struct build_matrix *m, struct side *s, struct builddir *b,
		      const struct strvec *objs, const struct build_opts *o, double *secs)
{
	struct child c = CHILD_INIT;
	struct strvec missing = STRVEC_INIT;
	double t0 = monotonic_seconds(), took;
	int ret;

	remove_objects(b, objs);
	if ((ret = builddir_make(&c, b, objs, o->w1 ? "W=1" : NULL)) < 0)
		goto out;
	parse_diags(s, &c.err, b->src);
	parse_diags(s, &c.out, b->src);
	for (size_t i = 0; i < objs->nr; i++)
		strvec_push(object_exists(b, objs->v[i]) ? &s->built : &missing, objs->v[i]);
	if (missing.nr)
		builddir_telling_line(&s->failed, c.err.len ? c.err.ptr : c.out.ptr);
out:
	took = monotonic_seconds() - t0;
	*secs += took;
	count_make(m, took);
	if (!ret && missing.nr && b->jobs > 1 && !has_error(c.err.ptr) && !has_error(c.out.ptr))
		ret = retry_alone(m, s, b, &missing, o, secs);
	strvec_clear(&missing);
	child_release(&c);
	return ret;
}

/*
 * A make target on the command line: "x=y.o" would be a variable
 * assignment, "-x.o" an option, and '$', spaces or quotes mean something
 * to make or the shell its recipes run.
 */
static bool safe_target(const char *obj)
{
	return *obj != '-' && strspn(obj, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_./+,-") == strlen(obj);
}

/* "arch/mips/mm/x.o" -> "mips"; NULL outside arch/. */
static char *object_srcarch(const char *obj)
{
	if (strncmp(obj, "arch/", 5) || !strchr(obj + 5, '/'))
		return NULL;
	return xstrndup(obj + 5, strcspn(obj + 5, "/"));
}

/* Whether arch `a` builds `obj` at all: not another arch's arch/ code. */
static bool arch_owns(const struct arch *a, const char *obj)
{
	char *own = object_srcarch(obj);
	bool ok = !own || !strcmp(own, arch_srcarch(a));

	free(own);
	return ok;
}

/* "obj: reason" into `why`, and "obj\treason" into `reasons`. */
static void add_reason(struct buf *why, struct strvec *reasons, const char *obj, const char *reason)
{
	buf_puts(why, why->len ? "; " : "");
	buf_quote_path(why, obj);
	buf_printf(why, ": %s", reason);
	strvec_pushf(reasons, "%s\t%s", obj, reason);
}

/*
 * Which objects can be built on this arch, their symbols reached; the
 * others get a reason, and `suggest` the source arches whose Kconfig has
 * what this one lacks.
 */
static int buildable(struct strvec *out, struct buf *why, struct strvec *reasons,
		     struct strvec *suggest, bool *refused, struct strvec *variant,
		     struct builddir *b, struct kconfig_db *db, struct repo *r, git_tree *tree,
		     const struct strvec *objs)
{
	struct buf reason = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < objs->nr && !ret; i++) {
		struct strvec syms = STRVEC_INIT;
		struct reach reach = REACH_INIT;
		bool named;

		if (!safe_target(objs->v[i])) {
			add_reason(why, reasons, objs->v[i], "a name make cannot take as a target");
		} else if (!(ret = kconfig_object_symbols(&syms, &named, r->git, tree, objs->v[i])) &&
			   named && !(ret = builddir_reach(b, db, &syms, &reach)) && !reach.off.nr) {
			strvec_push(out, objs->v[i]);
		} else if (!ret && !named) {
			add_reason(why, reasons, objs->v[i], "no Makefile builds it");
		} else if (!ret) {
			buf_reset(&reason);
			buf_printf(&reason, "needs CONFIG_%s", reach.off.v[0]);
			if (reach.why.len)
				buf_printf(&reason, " (%s)", reach.why.ptr);
			add_reason(why, reasons, objs->v[i], reason.ptr);
			/* Another config of this arch helps, not a symbol its Kconfig lacks. */
			*refused = *refused || !reach.arches.nr;
			if (!variant->nr && reach.variant.nr) {
				strvec_push(variant, reach.off.v[0]);
				for (size_t k = 0; k < reach.variant.nr; k++)
					strvec_push(variant, reach.variant.v[k]);
			}
			strvec_push_unique(suggest, &reach.arches);
		}
		strvec_clear(&syms);
		reach_release(&reach);
	}
	buf_release(&reason);
	return ret;
}

static void put_lines(struct buf *out, const struct strvec *lines)
{
	for (size_t i = 0; i < lines->nr && i < DETAIL_LINES; i++)
		buf_printf(out, "%s%s", out->len ? "\n" : "", lines->v[i]);
	if (lines->nr > DETAIL_LINES)
		buf_printf(out, "\n(%zu more)", lines->nr - DETAIL_LINES);
}

/* An object that built at the parent and not here, with no compiler line to show. */
static void explain_quiet_failure(struct buf *out, const struct strvec *objs,
				  const struct side *before, const struct side *after)
{
	for (size_t i = 0; i < objs->nr; i++)
		if (strvec_find(&before->built, objs->v[i]) >= 0 &&
		    strvec_find(&after->built, objs->v[i]) < 0)
			buf_printf(out, "%s%s: builds at the parent, not here, and the compiler said"
				   " nothing (%s)", out->len ? "\n" : "", objs->v[i],
				   after->failed.len ? after->failed.ptr : "make printed nothing");
}

static void judge(struct build_cell *cell, const struct strvec *objs, const struct side *before,
		  const struct side *after, const char *why)
{
	struct strvec fresh = STRVEC_INIT, both_fail = STRVEC_INIT;

	for (size_t i = 0; i < objs->nr; i++) {
		bool was = strvec_find(&before->built, objs->v[i]) >= 0;
		bool is = strvec_find(&after->built, objs->v[i]) >= 0;

		if (!was && !is)
			strvec_push(&both_fail, objs->v[i]);
		else if (was && !is)
			cell->status = BUILD_ERROR;
	}
	cell->objects = after->built.nr;
	for (size_t i = 0; i < after->keys.nr; i++)
		if (strvec_find(&before->keys, after->keys.v[i]) < 0)
			strvec_push(&fresh, after->diags.v[i]);
	if (cell->status != BUILD_ERROR && fresh.nr)
		cell->status = BUILD_NEW_WARNINGS;
	if (cell->status != BUILD_OK) {
		put_lines(&cell->detail, &fresh);
		if (!cell->detail.len)
			explain_quiet_failure(&cell->detail, objs, before, after);
	} else if (!after->built.nr) {
		cell->status = BUILD_NOT_BUILT;
		for (size_t i = 0; i < both_fail.nr; i++)
			buf_printf(&cell->detail, "%s%s: does not build at the parent either",
				   cell->detail.len ? "; " : "", both_fail.v[i]);
		if (why && *why)
			buf_printf(&cell->detail, "%s%s", cell->detail.len ? "; " : "", why);
		if (!cell->detail.len)
			buf_puts(&cell->detail, "no object to build");
	}
	strvec_clear(&fresh);
	strvec_clear(&both_fail);
}

struct run {
	struct build_matrix *m;
	struct repo *r;
	struct worktree w;
	struct builddir *dirs;		/* one per m->arches; dir NULL until prepared */
	const struct build_opts *o;
	size_t nr_selected;		/* m->arches[0..nr_selected) were asked for */
	git_oid base;			/* the tree the build dirs are prepared on */
	struct kconfig_db **dbs;	/* Kconfig per source arch, read once */
	size_t nr_dbs;
	bool *unprepared;		/* per arch: preparing failed, not tried again */
};

/* What one arch does for one commit. */
struct plan_arch {
	size_t arch;			/* index into m->arches */
	struct strvec objs;		/* to build */
	struct buf why;			/* what is not built, and why */
	struct side before, after;
	bool refused;			/* Kconfig kept an object off */
	struct strvec variant;		/* SYMBOL, then settings a dir of its own needs */
	struct strvec reasons;		/* "obj\treason" for what it does not build */
	struct strvec noisy;		/* batched: objects that printed a diagnostic */
};

static struct kconfig_db *kconfig_for(struct run *run, const struct arch *a)
{
	const char *srcarch = arch_srcarch(a);
	struct kconfig_db *db = NULL;

	for (size_t i = 0; i < run->nr_dbs; i++)
		if (run->dbs[i] && !strcmp(kconfig_db_srcarch(run->dbs[i]), srcarch))
			return run->dbs[i];
	if (kconfig_db_load(&db, run->w.dir, srcarch) < 0)
		db = NULL;
	run->dbs = xrealloc(run->dbs, (run->nr_dbs + 1) * sizeof(*run->dbs));
	run->dbs[run->nr_dbs++] = db;
	return db;
}

/* The index of `a` in the matrix, added (and its cells opened) if new. */
static size_t matrix_arch(struct run *run, struct arch *a)
{
	struct build_matrix *m = run->m;

	for (size_t i = 0; i < m->nr_arches; i++)
		if (m->arches[i] == a)
			return i;
	if (m->nr_arches == m->cap_arches)
		BUG("more arches than the matrix has room for");
	m->arches[m->nr_arches] = a;
	run->dirs[m->nr_arches] = (struct builddir)BUILDDIR_INIT;
	return m->nr_arches++;
}

/* The build dir of arch `ai`, prepared on the base tree the first time. */
static int prepare_arch(struct run *run, size_t ai, const git_oid *back)
{
	struct builddir *b = &run->dirs[ai];
	int ret;

	if (b->dir)
		return 0;
	if (run->unprepared[ai])
		return E_ERROR;
	b->cc_wrapper = run->o->cc_wrapper;
	b->jobs = run->o->jobs;
	if ((ret = worktree_checkout(&run->w, run->r, &run->base)) < 0)
		return ret;
	ret = builddir_prepare(b, run->m->arches[ai], run->w.dir, git_oid_tostr_s(&run->base));
	run->m->prepare_s += b->prepare_s;
	run->m->arch_prepare_s[ai] = b->prepare_s;
	run->m->prepared += b->dir && !b->reused;
	if (ret < 0 && b->dir) {
		free(b->dir);
		b->dir = NULL;
	}
	run->unprepared[ai] = ret < 0;
	if (ret == 0 || ai >= run->nr_selected) {
		int back_ret = worktree_checkout(&run->w, run->r, back);

		ret = back_ret < 0 ? back_ret : ret;
	}
	return ret;
}

/*
 * Arch `ai` for this commit: its share of the objects, its toolchain, its
 * build dir and the Kconfig symbols; the cell says why when it cannot.
 */
static int plan_one(struct run *run, struct plan_arch *p, struct build_commit *bc,
		    git_tree *tree, const git_oid *ptree, struct strvec *suggest)
{
	struct arch *a = run->m->arches[p->arch];
	struct build_cell *cell = &bc->cells[p->arch];
	struct strvec mine = STRVEC_INIT;
	struct buf why = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < bc->objects.nr; i++)
		if (arch_owns(a, bc->objects.v[i]))
			strvec_push(&mine, bc->objects.v[i]);
	if (!mine.nr)
		goto out;
	cell->used = true;
	if (arch_toolchain_missing(&why, a, run->o->cc_wrapper)) {
		cell->status = BUILD_NOT_BUILT;
		buf_puts(&cell->detail, why.ptr);
		goto out;
	}
	if ((ret = prepare_arch(run, p->arch, ptree)) < 0) {
		if (p->arch < run->nr_selected)
			goto out;
		ret = 0;
		cell->status = BUILD_NOT_BUILT;
		buf_printf(&cell->detail, "cannot prepare a build dir for arch '%s' (see above)",
			   a->name);
		goto out;
	}
	ret = buildable(&p->objs, &p->why, &p->reasons, suggest, &p->refused, &p->variant,
			&run->dirs[p->arch],
			kconfig_for(run, a), run->r, tree, &mine);
out:
	strvec_clear(&mine);
	buf_release(&why);
	return ret;
}

static struct plan_arch *add_plan(struct plan_arch **v, size_t *nr, size_t arch)
{
	for (size_t i = 0; i < *nr; i++)
		if ((*v)[i].arch == arch)
			return NULL;
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[*nr] = (struct plan_arch){ arch, STRVEC_INIT, BUF_INIT, SIDE_INIT, SIDE_INIT, false,
					STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	return &(*v)[(*nr)++];
}

/* Whether some arch of the plan builds `obj`. */
static bool planned_somewhere(const struct plan_arch *v, size_t nr, const char *obj)
{
	for (size_t i = 0; i < nr; i++)
		if (strvec_find(&v[i].objs, obj) >= 0)
			return true;
	return false;
}

/*
 * --arch auto: an arch for each source arch the commit's arch/ files or
 * the refused symbols' Kconfig point at, then the next candidate of the
 * same source arch (another config) for what is still not built.
 */
static void auto_arches(struct strvec *want, const struct build_commit *bc,
			const struct strvec *suggest)
{
	for (size_t i = 0; i < bc->objects.nr; i++) {
		char *own = object_srcarch(bc->objects.v[i]);

		if (own && strvec_find(want, own) < 0)
			strvec_push(want, own);
		free(own);
	}
	strvec_push_unique(want, suggest);
}

#define MAX_EXTRA_ARCHES 4

/* The source arches no arch of the plan has yet: those get their first candidate. */
static void drop_planned_srcarches(struct run *run, const struct plan_arch *v, size_t nr,
				   struct strvec *want)
{
	for (size_t i = 0; i < nr; i++) {
		int k = strvec_find(want, arch_srcarch(run->m->arches[v[i].arch]));

		if (k >= 0) {
			free(want->v[k]);
			memmove(&want->v[k], &want->v[k + 1], (want->nr - (size_t)k) * sizeof(char *));
			want->nr--;
		}
	}
}
#define MAX_VARIANTS 16

/*
 * Arch `a` with the settings that reach `sym` but would turn symbols off
 * in a's shared build dir: an arch of its own, "mips+DMA_NONCOHERENT",
 * with a build dir of its own.  The matrix owns it.
 */
static struct arch *variant_arch(struct run *run, const struct arch *a, const struct strvec *variant)
{
	struct build_matrix *m = run->m;
	struct buf name = BUF_INIT;
	struct arch *x = NULL;
	const char *plus = strchr(a->name, '+');

	/* A variant's variant starts again from the table's arch: they may clash. */
	for (size_t i = 0; plus && i < m->nr_arches; i++)
		if (!strncmp(m->arches[i]->name, a->name, (size_t)(plus - a->name)) &&
		    m->arches[i]->name[plus - a->name] == '\0')
			a = m->arches[i];
	buf_printf(&name, "%s+%s", a->name, variant->v[0]);
	for (size_t i = 0; i < m->nr_arches && !x; i++)
		if (!strcmp(m->arches[i]->name, name.ptr))
			x = m->arches[i];
	if (!x && m->nr_arches < m->cap_arches) {
		x = xcalloc(1, sizeof(*x));
		*x = (struct arch){ buf_detach(&name, NULL), xstrdup(a->arch), xstrdup(a->config),
				    xstrdup(a->toolchain), false, false, STRVEC_INIT };
		for (size_t i = 0; i < a->settings.nr; i++)
			strvec_push(&x->settings, a->settings.v[i]);
		for (size_t i = 1; i < variant->nr; i++)
			strvec_push(&x->settings, variant->v[i]);
		m->owned = xrealloc(m->owned, (m->nr_owned + 1) * sizeof(*m->owned));
		m->owned[m->nr_owned++] = x;
	}
	buf_release(&name);
	return x;
}

/* A variant of each arch whose plan for an object would turn symbols off. */
static size_t add_variants(struct run *run, struct plan_arch **v, size_t *nr, size_t *extra)
{
	size_t added = 0, n = *nr;

	for (size_t k = 0; k < n && *extra < MAX_EXTRA_ARCHES; k++) {
		struct arch *x;

		if (!(*v)[k].variant.nr ||
		    !(x = variant_arch(run, run->m->arches[(*v)[k].arch], &(*v)[k].variant)))
			continue;
		if (add_plan(v, nr, matrix_arch(run, x))) {
			(*extra)++;
			added++;
		}
	}
	return added;
}

/* The first untried candidate of each source arch in `want`: how many. */
static size_t add_candidates(struct run *run, struct plan_arch **v, size_t *nr,
			     const struct strvec *want, size_t *extra)
{
	size_t added = 0;

	for (size_t k = 0; k < want->nr && *extra < MAX_EXTRA_ARCHES; k++) {
		struct arch *c = NULL;

		while ((c = arch_table_candidate(run->o->table, want->v[k], c))) {
			bool have = false;

			for (size_t q = 0; q < *nr && !have; q++)
				have = run->m->arches[(*v)[q].arch] == c;
			if (have)
				continue;
			if (run->m->nr_arches == run->m->cap_arches)
				break;
			add_plan(v, nr, matrix_arch(run, c));
			(*extra)++;
			added++;
			break;
		}
	}
	return added;
}

static int plan_commit(struct run *run, struct plan_arch **v, size_t *nr,
		       struct build_commit *bc, git_tree *tree, const git_oid *ptree)
{
	struct strvec suggest = STRVEC_INIT, want = STRVEC_INIT;
	struct arch_table *t = run->o->table;
	size_t extra = 0;
	int ret = 0;

	for (size_t a = 0; a < run->nr_selected; a++)
		add_plan(v, nr, a);
	for (size_t i = 0; i < *nr && !ret; i++) {
		ret = plan_one(run, &(*v)[i], bc, tree, ptree, &suggest);
		if (ret || !t || i + 1 < *nr || extra >= MAX_EXTRA_ARCHES)
			continue;
		/* Everything planned so far is done: what is still not built? */
		bool missing = false;

		for (size_t k = 0; k < bc->objects.nr && !missing; k++)
			missing = !planned_somewhere(*v, *nr, bc->objects.v[k]);
		if (!missing)
			continue;
		/*
		 * First an arch for each source arch the objects' paths and the
		 * Kconfig point at that the plan has none of; then a variant
		 * for a plan that turned symbols off; then another config of
		 * an arch that refused an object.
		 */
		strvec_clear(&want);
		auto_arches(&want, bc, &suggest);
		drop_planned_srcarches(run, *v, *nr, &want);
		if (!add_candidates(run, v, nr, &want, &extra) && !add_variants(run, v, nr, &extra)) {
			strvec_clear(&want);
			for (size_t k = 0; k < *nr; k++) {
				const struct arch *a = run->m->arches[(*v)[k].arch];

				if ((*v)[k].refused && strvec_find(&want, arch_srcarch(a)) < 0)
					strvec_push(&want, arch_srcarch(a));
			}
			add_candidates(run, v, nr, &want, &extra);
		}
	}
	strvec_clear(&suggest);
	strvec_clear(&want);
	return ret;
}

/* Why arch `p` did not build `obj`, or NULL when it did not try. */
static const char *reason_for(const struct plan_arch *p, const struct build_cell *cell,
			      const char *obj)
{
	size_t n = strlen(obj);

	if (strvec_find(&p->objs, obj) >= 0)
		return strvec_find(&p->before.built, obj) >= 0 ?
		       "fails to build here (it builds at the parent)" :
		       "does not build at the parent either";
	for (size_t i = 0; i < p->reasons.nr; i++)
		if (!strncmp(p->reasons.v[i], obj, n) && p->reasons.v[i][n] == '\t')
			return p->reasons.v[i] + n + 1;
	return cell->used && cell->status == BUILD_NOT_BUILT && cell->detail.len ?
	       cell->detail.ptr : NULL;
}

/* The objects no arch built at the commit, each with every arch's reason. */
static void find_unbuilt(struct run *run, struct build_commit *bc, const struct plan_arch *v,
			 size_t nr)
{
	struct buf line = BUF_INIT;

	for (size_t k = 0; k < bc->objects.nr; k++) {
		const char *obj = bc->objects.v[k];
		bool built = false;
		size_t tried = 0;

		for (size_t i = 0; i < nr && !built; i++)
			built = strvec_find(&v[i].after.built, obj) >= 0;
		if (built)
			continue;
		buf_reset(&line);
		buf_printf(&line, "%s (", obj);
		for (size_t i = 0; i < nr; i++) {
			const struct arch *a = run->m->arches[v[i].arch];
			const char *why = arch_owns(a, obj) ?
					  reason_for(&v[i], &bc->cells[v[i].arch], obj) : NULL;

			if (why)
				buf_printf(&line, "%s%s: %s", tried++ ? "; " : "", a->name, why);
		}
		if (!tried)
			buf_puts(&line, "no arch of the table builds it");
		buf_putc(&line, ')');
		strvec_push(&bc->unbuilt, line.ptr);
	}
	buf_release(&line);
}

/* Judge each arch of the commit's plan, then list what no arch built. */
static void judge_plans(struct run *run, struct build_commit *bc, const struct plan_arch *v,
			size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct build_cell *cell = &bc->cells[v[i].arch];

		if (cell->used && cell->status != BUILD_NOT_BUILT)
			judge(cell, &v[i].objs, &v[i].before, &v[i].after, v[i].why.ptr);
	}
	find_unbuilt(run, bc, v, nr);
}

static void plans_release(struct plan_arch *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		side_release(&v[i].before);
		side_release(&v[i].after);
		strvec_clear(&v[i].objs);
		strvec_clear(&v[i].variant);
		strvec_clear(&v[i].reasons);
		strvec_clear(&v[i].noisy);
		buf_release(&v[i].why);
	}
	free(v);
}

/* One commit on its own: its objects at its parent, then at itself. */
static int check_commit(struct run *run, struct build_commit *bc, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	struct plan_arch *v = NULL;
	size_t nr = 0;
	int ret;

	if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_commit_tree(&ptree, parent) < 0) {
		ret = error_git("cannot read commit %s and its parent", git_oid_tostr_s(&bc->id));
		goto out;
	}
	if ((ret = worktree_checkout(&run->w, run->r, git_tree_id(ptree))) < 0 ||
	    (ret = plan_commit(run, &v, &nr, bc, tree, git_tree_id(ptree))) < 0)
		goto out;
	for (size_t i = 0; i < nr && !ret; i++)
		if (v[i].objs.nr)
			ret = build_side(run->m, &v[i].before, &run->dirs[v[i].arch], &v[i].objs,
					 run->o, &bc->cells[v[i].arch].make_s);
	if (!ret && (ret = worktree_checkout(&run->w, run->r, git_tree_id(tree))) < 0)
		goto out;
	for (size_t i = 0; i < nr && !ret; i++) {
		struct build_cell *cell = &bc->cells[v[i].arch];

		if (cell->used && cell->status != BUILD_NOT_BUILT && v[i].objs.nr)
			ret = build_side(run->m, &v[i].after, &run->dirs[v[i].arch], &v[i].objs,
					 run->o, &cell->make_s);
	}
	if (!ret)
		judge_plans(run, bc, v, nr);
out:
	plans_release(v, nr);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

/* A commit of a batched group: its plan, built together with the others. */
struct member {
	struct build_commit *bc;
	git_tree *tree;
	struct plan_arch *v;
	size_t nr;
	bool alone;		/* plans an object another member plans too */
};

/* Which member's plan an object of a shared make call is. */
struct owner {
	size_t member, plan;
};

/*
 * The objects of arch `ai` the group builds on one side: at the commits,
 * all of them; at the parents, only those that failed or printed a
 * diagnostic at the commits (a clean object has no new warning).
 */
static struct owner *side_targets(struct strvec *objs, struct member *mb, size_t n, size_t ai,
				  bool after)
{
	struct owner *owners = NULL;

	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; !mb[k].alone && i < mb[k].nr; i++) {
			const struct plan_arch *p = &mb[k].v[i];

			for (size_t j = 0; p->arch == ai && j < p->objs.nr; j++) {
				const char *obj = p->objs.v[j];

				if (!after && strvec_find(&p->after.built, obj) >= 0 &&
				    strvec_find(&p->noisy, obj) < 0)
					continue;
				strvec_push(objs, obj);
				owners = xrealloc(owners, objs->nr * sizeof(*owners));
				owners[objs->nr - 1] = (struct owner){ k, i };
			}
		}
	return owners;
}

static bool has_diag(const struct buf *text)
{
	for (const char *p = text->ptr; *p;) {
		const char *nl = strchrnul(p, '\n');

		if (buildcheck_is_diag(p, (size_t)(nl - p)))
			return true;
		p = *nl ? nl + 1 : nl;
	}
	return false;
}

/* An object the shared make left nothing for: its telling line, or a try of its own. */
static int group_object_failed(struct run *run, struct side *s, struct builddir *b,
			       const char *obj, const struct buf *part, double *secs)
{
	struct strvec one = STRVEC_INIT;
	int ret = 0;

	buf_reset(&s->failed);
	builddir_telling_line(&s->failed, part->ptr);
	if (b->jobs > 1 && !has_error(part->ptr)) {
		strvec_push(&one, obj);
		ret = retry_alone(run->m, s, b, &one, run->o, secs);
		strvec_clear(&one);
	}
	return ret;
}

/* What a group's shared make calls could not tell apart. */
struct doubts {
	size_t lines;		/* compiler lines no object owns */
	size_t reads;		/* objects that read another commit's file */
};

/*
 * One make call for all of the group's objects of arch `ai` on one side,
 * each object's lines and .o given to its commit, and the time shared
 * out by object.
 */
static int build_group_side(struct run *run, const struct batch_group *g, struct member *mb,
			    size_t ai, bool after, struct doubts *d)
{
	struct builddir *b = &run->dirs[ai];
	struct strvec objs = STRVEC_INIT;
	struct owner *owners = side_targets(&objs, mb, g->nr, ai, after);
	struct child c = CHILD_INIT;
	struct buf *parts = NULL;
	double t0 = monotonic_seconds(), secs;
	int ret = 0;

	if (!objs.nr)
		goto out;
	remove_objects(b, &objs);
	if ((ret = builddir_make_synced(&c, b, &objs, run->o->w1 ? "W=1" : NULL)) < 0)
		goto out;
	secs = monotonic_seconds() - t0;
	count_make(run->m, secs);
	parts = xcalloc(objs.nr, sizeof(*parts));
	for (size_t j = 0; j < objs.nr; j++)
		parts[j] = (struct buf)BUF_INIT;
	d->lines += batch_attribute(parts, &objs, c.out.ptr, b->src);
	for (size_t j = 0; j < objs.nr; j++) {
		struct plan_arch *p = &mb[owners[j].member].v[owners[j].plan];
		struct side *s = after ? &p->after : &p->before;

		parse_diags(s, &parts[j], b->src);
		if (after && has_diag(&parts[j]))
			strvec_push(&p->noisy, objs.v[j]);
		if (after && batch_reads_foreign(g, owners[j].member, b->dir, objs.v[j], b->src))
			d->reads++;
		mb[owners[j].member].bc->cells[ai].make_s += secs / (double)objs.nr;
		if (object_exists(b, objs.v[j]))
			strvec_push(&s->built, objs.v[j]);
		else if (!ret)
			ret = group_object_failed(run, s, b, objs.v[j], &parts[j],
						  &mb[owners[j].member].bc->cells[ai].make_s);
	}
out:
	for (size_t j = 0; parts && j < objs.nr; j++)
		buf_release(&parts[j]);
	free(parts);
	free(owners);
	strvec_clear(&objs);
	child_release(&c);
	return ret;
}

/* Every arch, one side of the group, with the checkout at that side's tree. */
static int build_group(struct run *run, const struct batch_group *g, struct member *mb,
		       bool after, struct doubts *d)
{
	int ret = worktree_checkout(&run->w, run->r, after ? &g->after : &g->before);

	for (size_t ai = 0; ai < run->m->nr_arches && !ret; ai++)
		ret = build_group_side(run, g, mb, ai, after, d);
	return ret;
}

static void commit_reset(struct build_matrix *m, struct build_commit *bc)
{
	for (size_t a = 0; a < m->cap_arches; a++) {
		bc->cells[a].status = BUILD_OK;
		bc->cells[a].objects = 0;
		bc->cells[a].used = false;
		buf_reset(&bc->cells[a].detail);
	}
	strvec_clear(&bc->unbuilt);
}

/* What the shared build could not tell apart: build each commit on its own. */
static int unbatch(struct run *run, const struct batch_group *g, git_commit *const *commits,
		   const struct doubts *d)
{
	int ret = 0;

	if (d->lines)
		note("%zu compiler line%s of the shared build belong to no commit: building those"
		     " %zu commits one at a time", d->lines, d->lines == 1 ? "" : "s", g->nr);
	else
		note("%zu object%s of the shared build read another commit's file: building those"
		     " %zu commits one at a time", d->reads, d->reads == 1 ? "" : "s", g->nr);
	for (size_t k = 0; k < g->nr && !ret; k++) {
		struct build_commit *bc = &run->m->v[g->commits[k]];

		commit_reset(run->m, bc);
		ret = check_commit(run, bc, commits[g->commits[k]]);
	}
	return ret;
}

static bool plans_share_an_object(const struct member *a, const struct member *b)
{
	for (size_t i = 0; i < a->nr; i++)
		for (size_t j = 0; j < b->nr; j++)
			for (size_t k = 0; k < a->v[i].objs.nr; k++)
				if (strvec_find(&b->v[j].objs, a->v[i].objs.v[k]) >= 0)
					return true;
	return false;
}

/*
 * Members whose plans share an object (a .c that another #includes is
 * built through that one) cannot tell their lines apart in one make,
 * nor leave the other's change out of it: each is built on its own.
 */
static size_t set_apart_shared_objects(struct member *mb, size_t n)
{
	size_t apart = 0;

	for (size_t k = 0; k < n; k++)
		for (size_t j = k + 1; j < n; j++)
			if (plans_share_an_object(&mb[k], &mb[j]))
				mb[k].alone = mb[j].alone = true;
	for (size_t k = 0; k < n; k++)
		apart += mb[k].alone;
	if (apart)
		note("%zu commit%s of the group plan an object another one plans too: building"
		     " %s on %s own", apart, apart == 1 ? "" : "s", apart == 1 ? "it" : "them",
		     apart == 1 ? "its" : "their");
	return apart;
}

/* The members set apart, one commit at a time after the shared build. */
static int check_apart(struct run *run, const struct batch_group *g, struct member *mb,
		       git_commit *const *commits)
{
	int ret = 0;

	for (size_t k = 0; k < g->nr && !ret; k++)
		if (mb[k].alone) {
			commit_reset(run->m, mb[k].bc);
			ret = check_commit(run, mb[k].bc, commits[g->commits[k]]);
		}
	return ret;
}

/*
 * Commits that share no file and change only .c files (buildbatch.h):
 * planned one by one, then one make call per arch at the tree of the
 * segment's last commit, and one at the tree before it for what failed or
 * printed a diagnostic there.
 */
static int check_group(struct run *run, const struct batch_group *g, git_commit *const *commits)
{
	struct member *mb = xcalloc(g->nr, sizeof(*mb));
	char first[13], last[13];
	struct doubts d = { 0, 0 };
	int ret;

	git_oid_tostr(first, sizeof(first), git_commit_id(commits[g->commits[0]]));
	git_oid_tostr(last, sizeof(last), git_commit_id(commits[g->commits[g->nr - 1]]));
	note("building %zu commits together, %s to %s", g->nr, first, last);
	ret = worktree_checkout(&run->w, run->r, &g->before);
	for (size_t k = 0; k < g->nr && !ret; k++) {
		mb[k].bc = &run->m->v[g->commits[k]];
		if (git_commit_tree(&mb[k].tree, commits[g->commits[k]]) < 0)
			ret = error_git("cannot read commit %s", git_oid_tostr_s(&mb[k].bc->id));
		else
			ret = plan_commit(run, &mb[k].v, &mb[k].nr, mb[k].bc, mb[k].tree, &g->before);
	}
	if (!ret)
		set_apart_shared_objects(mb, g->nr);
	if (ret || (ret = build_group(run, g, mb, true, &d)) < 0 ||
	    (ret = build_group(run, g, mb, false, &d)) < 0)
		goto out;
	if (d.lines || d.reads) {
		ret = unbatch(run, g, commits, &d);
		goto out;
	}
	for (size_t k = 0; k < g->nr; k++)
		if (!mb[k].alone)
			judge_plans(run, mb[k].bc, mb[k].v, mb[k].nr);
	ret = check_apart(run, g, mb, commits);
out:
	/* The checkout ends at the last commit, as one commit at a time leaves it. */
	if (!ret)
		ret = worktree_checkout(&run->w, run->r, &g->after);
	for (size_t k = 0; k < g->nr; k++) {
		plans_release(mb[k].v, mb[k].nr);
		git_tree_free(mb[k].tree);
	}
	free(mb);
	return ret;
}

/* Commit `i` of the range: on its own, or with its group at the group's first. */
static int check_in_turn(struct run *run, const struct batch_plan *p, git_commit *const *commits,
			 size_t i)
{
	size_t g = p->group_of ? p->group_of[i] : BATCH_ALONE;

	if (g != BATCH_ALONE)
		return p->v[g].commits[0] == i ? check_group(run, &p->v[g], commits) : 0;
	note("building %.12s %s", git_oid_tostr_s(git_commit_id(commits[i])),
	     git_commit_summary(commits[i]));
	return check_commit(run, &run->m->v[i], commits[i]);
}

/* The objects the commit touches, from its diff. */
static int commit_objects(struct build_commit *bc, git_repository *git, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	int ret;

	if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)
		ret = error_git("cannot read commit %s and its parent", git_oid_tostr_s(&bc->id));
	else
		ret = touched_objects(bc, git, ptree, tree);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

static struct build_commit *add_commit(struct build_matrix *m, git_commit *c)
{
	struct build_commit *bc;

	ALLOC_GROW(m->v, m->nr, m->alloc);
	bc = &m->v[m->nr++];
	bc->id = *git_commit_id(c);
	bc->subject = xstrdup(git_commit_summary(c));
	bc->objects = (struct strvec)STRVEC_INIT;
	bc->unbuilt = (struct strvec)STRVEC_INIT;
	bc->cells = xcalloc(m->cap_arches, sizeof(*bc->cells));
	for (size_t a = 0; a < m->cap_arches; a++)
		bc->cells[a].detail = (struct buf)BUF_INIT;
	return bc;
}

/* The tree the build dirs are prepared on: the first commit's parent's. */
static int find_base(struct run *run, git_commit *first)
{
	git_commit *parent = NULL;
	git_tree *base = NULL;
	int ret = 0;

	if (git_commit_parent(&parent, first, 0) < 0 || git_commit_tree(&base, parent) < 0) {
		ret = error_git("cannot read the parent of %s", git_oid_tostr_s(git_commit_id(first)));
		goto out;
	}
	if ((ret = buildcheck_is_kernel_tree(base, "the base tree")) < 0)
		goto out;
	run->base = *git_tree_id(base);
out:
	git_tree_free(base);
	git_commit_free(parent);
	return ret;
}

int buildcheck_run(struct build_matrix *m, struct repo *r, const git_oid *commits, size_t nr,
		   struct arch **arches, size_t nr_arches, const struct build_opts *o)
{
	size_t cap = nr_arches + (o->table ? o->table->nr + MAX_VARIANTS : 0) + 1;
	struct run run = { m, r, WORKTREE_INIT, xcalloc(cap, sizeof(struct builddir)), o,
			   nr_arches, { { 0 } }, NULL, 0, xcalloc(cap, sizeof(bool)) };
	struct lock cache_lock = LOCK_INIT;
	struct batch_plan plan = BATCH_PLAN_INIT;
	git_commit **cs = xcalloc(nr ? nr : 1, sizeof(*cs));
	int ret;

	m->arches = xcalloc(cap, sizeof(*m->arches));
	m->cap_arches = cap;
	m->nr_arches = 0;
	m->nr_selected = nr_arches;
	m->arch_prepare_s = xcalloc(cap, sizeof(double));
	for (size_t a = 0; a < nr_arches; a++)
		matrix_arch(&run, arches[a]);
	for (size_t a = 0; a < nr_arches; a++)
		if ((ret = arch_toolchain_check(arches[a], o->cc_wrapper)) < 0)
			goto out;
	if ((ret = builddir_lock_cache(&cache_lock)) < 0 ||
	    (ret = worktree_open(&run.w, r)) < 0)
		goto out;
	for (size_t i = 0; i < nr && !ret; i++) {
		if (git_commit_lookup(&cs[i], r->git, &commits[i]) < 0) {
			ret = error_git("cannot read commit %s", git_oid_tostr_s(&commits[i]));
			break;
		}
		if (i == 0)
			ret = find_base(&run, cs[i]);
		if (!ret)
			ret = commit_objects(add_commit(m, cs[i]), r->git, cs[i]);
	}
	if (!ret && !o->no_batch)
		ret = batch_plan_make(&plan, r->git, cs, nr);
	for (size_t i = 0; i < nr && !ret; i++)
		ret = check_in_turn(&run, &plan, cs, i);
	if (!ret)
		note("%zu make call%s, %.1f s", m->make_calls, m->make_calls == 1 ? "" : "s",
		     m->make_s);
out:
	for (size_t i = 0; i < nr; i++)
		git_commit_free(cs[i]);
	free(cs);
	batch_plan_release(&plan);
	for (size_t a = 0; a < m->nr_arches; a++)
		builddir_release(&run.dirs[a]);
	for (size_t i = 0; i < run.nr_dbs; i++)
		kconfig_db_free(run.dbs[i]);
	free(run.dbs);
	free(run.dirs);
	free(run.unprepared);
	worktree_release(&run.w);
	lock_release(&cache_lock);
	return ret;
}

bool buildcheck_failed(const struct build_matrix *m, const git_oid *id)
{
	for (size_t i = 0; i < m->nr; i++)
		if (git_oid_equal(&m->v[i].id, id))
			for (size_t a = 0; a < m->nr_arches; a++)
				if (m->v[i].cells[a].status == BUILD_ERROR)
					return true;
	return false;
}

static bool wanted(const git_oid *id, const git_oid *only, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (git_oid_equal(id, &only[i]))
			return true;
	return !only;
}

static bool commit_used_any(const struct build_matrix *m, const struct build_commit *bc)
{
	for (size_t a = 0; a < m->nr_arches; a++)
		if (bc->cells[a].used)
			return true;
	return false;
}

/* Whether some arch built an object of the commit (else the cells say why). */
static bool built_any(const struct build_matrix *m, const struct build_commit *bc)
{
	for (size_t a = 0; a < m->nr_arches; a++)
		if (bc->cells[a].used && bc->cells[a].status != BUILD_NOT_BUILT)
			return true;
	return false;
}

void buildcheck_format(struct buf *out, const struct build_matrix *m, const git_oid *only,
		       size_t nr_only)
{
	buf_puts(out, "Build matrix (");
	for (size_t a = 0; a < m->nr_arches; a++)
		buf_printf(out, "%s%s %s", a ? ", " : "", m->arches[a]->name, m->arches[a]->config);
	buf_puts(out, "):\n");
	for (size_t i = 0; i < m->nr; i++) {
		const struct build_commit *bc = &m->v[i];

		if (!wanted(&bc->id, only, nr_only))
			continue;
		buf_printf(out, "%.12s %s\n", git_oid_tostr_s(&bc->id), bc->subject);
		if (!commit_used_any(m, bc))
			buf_puts(out, "  (no object any arch builds)\n");
		for (size_t a = 0; a < m->nr_arches; a++) {
			const struct build_cell *cell = &bc->cells[a];

			if (!cell->used)
				continue;
			buf_printf(out, "  %-12s %s", m->arches[a]->name, build_status_name(cell->status));
			if (cell->status == BUILD_OK)
				buf_printf(out, " (%zu object%s)", cell->objects,
					   cell->objects == 1 ? "" : "s");
			if (cell->detail.len) {
				buf_puts(out, cell->status == BUILD_NOT_BUILT ? ": " : "\n      ");
				for (const char *p = cell->detail.ptr; *p; p++)
					buf_puts(out, *p == '\n' ? "\n      " : (char[]){ *p, 0 });
			}
			buf_putc(out, '\n');
		}
		for (size_t k = 0; built_any(m, bc) && k < bc->unbuilt.nr; k++)
			buf_printf(out, "  not built anywhere: %s\n", bc->unbuilt.v[k]);
	}
}

void buildcheck_json(struct buf *out, const struct build_matrix *m)
{
	buf_puts(out, "{\"arches\": [");
	for (size_t a = 0; a < m->nr_arches; a++) {
		buf_puts(out, a ? ", " : "");
		buf_json_string(out, m->arches[a]->name);
	}
	buf_puts(out, "], \"commits\": [");
	for (size_t i = 0; i < m->nr; i++) {
		const struct build_commit *bc = &m->v[i];

		buf_printf(out, "%s\n  {\"commit\": \"%s\", \"subject\": ", i ? "," : "",
			   git_oid_tostr_s(&bc->id));
		buf_json_string(out, bc->subject);
		buf_puts(out, ", \"objects\": ");
		buf_json_strings(out, &bc->objects);
		buf_puts(out, ", \"unbuilt\": ");
		buf_json_strings(out, &bc->unbuilt);
		buf_puts(out, ", \"builds\": {");
		for (size_t a = 0, n = 0; a < m->nr_arches; a++) {
			if (!bc->cells[a].used)
				continue;
			buf_printf(out, "%s\"%s\": {\"status\": \"%s\", \"objects\": %zu, "
				   "\"seconds\": %.2f, \"detail\": ", n++ ? ", " : "", m->arches[a]->name,
				   build_status_name(bc->cells[a].status), bc->cells[a].objects,
				   bc->cells[a].make_s);
			buf_json_string(out, bc->cells[a].detail.ptr);
			buf_putc(out, '}');
		}
		buf_puts(out, "}}");
	}
	buf_printf(out, "\n], \"prepared\": %zu, \"prepare_seconds\": %.2f, \"make_calls\": %zu, "
		   "\"make_seconds\": %.2f, \"prepare\": {", m->prepared, m->prepare_s, m->make_calls,
		   m->make_s);
	for (size_t a = 0; a < m->nr_arches; a++)
		buf_printf(out, "%s\"%s\": %.2f", a ? ", " : "", m->arches[a]->name,
			   m->arch_prepare_s[a]);
	buf_puts(out, "}}\n");
}

void build_matrix_release(struct build_matrix *m)
{
	for (size_t i = 0; i < m->nr; i++) {
		for (size_t a = 0; a < m->cap_arches; a++)
			buf_release(&m->v[i].cells[a].detail);
		free(m->v[i].cells);
		free(m->v[i].subject);
		strvec_clear(&m->v[i].objects);
		strvec_clear(&m->v[i].unbuilt);
	}
	free(m->v);
	for (size_t i = 0; i < m->nr_owned; i++) {
		free(m->owned[i]->name);
		free(m->owned[i]->arch);
		free(m->owned[i]->config);
		free(m->owned[i]->toolchain);
		strvec_clear(&m->owned[i]->settings);
		free(m->owned[i]);
	}
	free(m->owned);
	free(m->arches);
	free(m->arch_prepare_s);
	*m = (struct build_matrix)BUILD_MATRIX_INIT;
}
