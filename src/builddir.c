#include "builddir.h"
#include "error.h"
#include "fs.h"
#include "kconfig.h"
#include "kconfig_solve.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STAMP ".kmap-local-ready"
#define START_CONFIG ".kmap-local-start.config"

static int cache_root(struct buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg && *xdg)
		buf_printf(out, "%s/kmap-local/build", xdg);
	else if (home && *home)
		buf_printf(out, "%s/.cache/kmap-local/build", home);
	else
		return error("neither $XDG_CACHE_HOME nor $HOME is set: nowhere to keep build dirs");
	return 0;
}

int builddir_lock_cache(struct lock *l)
{
	struct buf path = BUF_INIT;
	int ret;

	if ((ret = cache_root(&path)) < 0 || (ret = mkdir_p(path.ptr)) < 0)
		goto out;
	buf_puts(&path, "/.lock");
	ret = lock_take(l, path.ptr, "the build directories", LOCK_WAIT);
out:
	buf_release(&path);
	return ret;
}

static void make_args(struct child *c, const struct builddir *b)
{
	strvec_pushf(&c->args, "O=%s", b->dir);
	arch_make_args(&c->args, b->arch, b->cc_wrapper);
	c->out.cap = c->err.cap = 4 << 20;
}

static void make_argv(struct child *c, const struct builddir *b)
{
	strvec_pushv(&c->args, (const char *const[]){ "make", "-s", "-C", b->src, NULL });
	make_args(c, b);
}

/* The line that says what went wrong: not make's own, not a row of stars. */
/*
 * The first line of make's output that is not make's own ("make[2]: ***")
 * nor only stars: what failed, e.g. the compiler's or fixdep's complaint.
 */
void builddir_telling_line(struct buf *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, "make", 4) && strspn(p, "* \t") < n) {
			buf_add(out, p, n);
			return;
		}
		p += n + (p[n] == '\n');
	}
	buf_puts(out, "(no output)");
}

/* make TARGET...; an error quoting make's last line when it fails. */
static int run_make(struct builddir *b, const char *const *targets)
{
	struct child c = CHILD_INIT;
	struct buf line = BUF_INIT;
	int ret;

	make_argv(&c, b);
	strvec_pushf(&c.args, "-j%d", b->jobs);
	strvec_pushv(&c.args, targets);
	if ((ret = child_run(&c)) == 0 && !child_succeeded(&c)) {
		builddir_telling_line(&line, c.err.len ? c.err.ptr : c.out.ptr);
		ret = error("'make %s' failed for arch '%s': %s", targets[0], b->arch->name,
			    line.ptr);
	}
	buf_release(&line);
	child_release(&c);
	return ret;
}

static void stamp_text(struct buf *out, const struct builddir *b, const char *tree_hex)
{
	const struct arch *a = b->arch;

	buf_printf(out, "src %s\ntree %s\narch %s %s %s %s\n", b->src, tree_hex, a->name,
		   a->arch, a->config, a->toolchain);
	for (size_t i = 0; i < a->settings.nr; i++)
		buf_printf(out, "set %s\n", a->settings.v[i]);
}

static bool stamp_matches(const struct builddir *b, const char *want)
{
	struct buf path = BUF_INIT, have = BUF_INIT;
	bool ok;

	buf_printf(&path, "%s/" STAMP, b->dir);
	ok = !access(path.ptr, R_OK) && !buf_read_file(&have, path.ptr) && !strcmp(have.ptr, want);
	buf_reset(&path);
	buf_printf(&path, "%s/.config", b->dir);
	ok = ok && !access(path.ptr, R_OK);
	buf_release(&path);
	buf_release(&have);
	return ok;
}

static int read_config(struct buf *out, const struct builddir *b)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_reset(out);
	buf_printf(&path, "%s/.config", b->dir);
	ret = buf_read_file(out, path.ptr);
	buf_release(&path);
	return ret;
}

static int write_config(const struct buf *config, const struct builddir *b)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_printf(&path, "%s/.config", b->dir);
	ret = buf_write_file_atomic(config, path.ptr);
	buf_release(&path);
	return ret;
}

/* The table's SYMBOL=v settings, then olddefconfig, then check they held. */
static int apply_settings(struct builddir *b)
{
	const struct strvec *set = &b->arch->settings;
	struct buf config = BUF_INIT;
	int ret;

	if (!set->nr || (ret = read_config(&config, b)) < 0)
		return 0;
	for (size_t i = 0; i < set->nr; i++) {
		char *sym = xstrndup(set->v[i], strcspn(set->v[i], "="));

		kconfig_set(&config, sym, strchr(set->v[i], '=')[1]);
		free(sym);
	}
	if ((ret = write_config(&config, b)) < 0 ||
	    (ret = run_make(b, (const char *const[]){ "olddefconfig", NULL })) < 0 ||
	    (ret = read_config(&config, b)) < 0)
		goto out;
	for (size_t i = 0; i < set->nr && !ret; i++) {
		char *sym = xstrndup(set->v[i], strcspn(set->v[i], "="));
		char want = strchr(set->v[i], '=')[1], got = kconfig_get(config.ptr, sym);

		/* A tristate that depends on a module can only be one. */
		if (got != want && !(want == 'y' && got == 'm'))
			ret = error("arch '%s': CONFIG_%s did not take in %s/.config",
				    b->arch->name, set->v[i], b->dir);
		free(sym);
	}
out:
	buf_release(&config);
	return ret;
}

/* Keep the .config the dir is prepared with: every builddir_configure() starts there. */
static int keep_start_config(const struct builddir *b)
{
	struct buf config = BUF_INIT, path = BUF_INIT;
	int ret;

	buf_printf(&path, "%s/" START_CONFIG, b->dir);
	if (!(ret = read_config(&config, b)))
		ret = buf_write_file_atomic(&config, path.ptr);
	buf_release(&config);
	buf_release(&path);
	return ret;
}

/* That .config; a dir prepared before it was kept makes it again. */
static int read_start_config(struct buf *out, struct builddir *b)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_reset(out);
	buf_printf(&path, "%s/" START_CONFIG, b->dir);
	if (!access(path.ptr, R_OK))
		ret = buf_read_file(out, path.ptr);
	else if (!(ret = run_make(b, (const char *const[]){ b->arch->config, NULL })) &&
		 !(ret = apply_settings(b)) && !(ret = keep_start_config(b)))
		ret = read_config(out, b);
	buf_release(&path);
	return ret;
}

static int make_fresh(struct builddir *b, const char *stamp)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int ret;

	remove_tree(b->dir);
	if ((ret = mkdir_p(b->dir)) < 0 ||
	    (ret = run_make(b, (const char *const[]){ b->arch->config, NULL })) < 0 ||
	    (ret = apply_settings(b)) < 0 ||
	    (ret = keep_start_config(b)) < 0 ||
	    (ret = run_make(b, (const char *const[]){ "prepare", NULL })) < 0)
		goto out;
	buf_printf(&path, "%s/" STAMP, b->dir);
	buf_puts(&text, stamp);
	ret = buf_write_file_atomic(&text, path.ptr);
out:
	buf_release(&path);
	buf_release(&text);
	return ret;
}

int builddir_path(struct buf *out, const struct arch *a, const char *tree_hex)
{
	int ret;

	if ((ret = cache_root(out)) == 0)
		buf_printf(out, "/%.12s-%s-%s", tree_hex, a->name, a->config);
	return ret;
}

int builddir_prepare(struct builddir *b, const struct arch *a, const char *src,
		     const char *tree_hex)
{
	struct buf dir = BUF_INIT, stamp = BUF_INIT;
	struct timespec t0, t1;
	int ret;

	b->arch = a;
	b->src = src;
	if ((ret = builddir_path(&dir, a, tree_hex)) < 0)
		goto out;
	b->dir = buf_detach(&dir, NULL);
	stamp_text(&stamp, b, tree_hex);
	if ((b->reused = stamp_matches(b, stamp.ptr)))
		goto out;
	note("preparing %s (%s, %s)", b->dir, a->name, a->config);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = make_fresh(b, stamp.ptr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	b->prepare_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
out:
	buf_release(&dir);
	buf_release(&stamp);
	return ret;
}

/* The CONFIG_ symbols .config has on (y or m). */
static void symbols_on(struct strvec *out, const char *config)
{
	for (const char *p = config; *p;) {
		const char *nl = strchrnul(p, '\n'), *eq = memchr(p, '=', (size_t)(nl - p));

		if (!strncmp(p, "CONFIG_", 7) && eq && (eq[1] == 'y' || eq[1] == 'm') && eq + 2 == nl)
			strvec_pushf(out, "%.*s", (int)(eq - p - 7), p + 7);
		p = *nl ? nl + 1 : nl;
	}
}

/*
 * Which of `before` .config has off now, not counting `expected`: one
 * pass over each, not a search of the whole .config per symbol on.
 */
static void lost_symbols(struct strvec *out, const struct strvec *before, const char *config,
			 const struct strvec *expected)
{
	struct strvec now = STRVEC_INIT;

	symbols_on(&now, config);
	strvec_sort(&now);
	for (size_t i = 0; i < before->nr; i++)
		if (!strvec_has_sorted(&now, before->v[i]) && strvec_find(expected, before->v[i]) < 0)
			strvec_push(out, before->v[i]);
	strvec_clear(&now);
}

/* One round: plan every symbol still off, set the plans, olddefconfig. */
static int reach_round(struct builddir *b, struct kconfig_db *db, const struct strvec *symbols,
		       struct buf *config, struct reach *r, bool *changed)
{
	struct kconfig_plan plan = KCONFIG_PLAN_INIT;
	struct buf next = BUF_INIT;
	struct strvec before = STRVEC_INIT, lost = STRVEC_INIT;
	int ret = 0;

	*changed = false;
	buf_add(&next, config->ptr, config->len);
	for (size_t i = 0; i < symbols->nr; i++) {
		struct kconfig_plan one = KCONFIG_PLAN_INIT;

		if (kconfig_get(config->ptr, symbols->v[i]) != 'n')
			continue;
		if (!db || !kconfig_solve(&one, db, config->ptr, symbols->v[i])) {
			/* Without a plan, still try the symbol itself once, unless that cannot help. */
			if (!one.settled)
				strvec_push(&one.on, symbols->v[i]);
			if (!r->why.len && db)
				buf_printf(&r->why, "%s", one.why.ptr);
			strvec_push_unique(&r->arches, &one.arches);
		}
		strvec_push_unique(&plan.on, &one.on);
		strvec_push_unique(&plan.off, &one.off);
		strvec_push_unique(&plan.y, &one.y);
		kconfig_plan_release(&one);
	}
	for (size_t i = 0; i < plan.on.nr; i++)
		if (kconfig_get(next.ptr, plan.on.v[i]) == 'n' &&
		    strvec_find(&r->tried, plan.on.v[i]) < 0) {
			kconfig_set(&next, plan.on.v[i], 'y');
			strvec_push(&r->tried, plan.on.v[i]);
			*changed = true;
		}
	for (size_t i = 0; i < plan.y.nr; i++)
		if (kconfig_get(next.ptr, plan.y.v[i]) == 'm') {
			kconfig_set(&next, plan.y.v[i], 'y');
			*changed = true;
		}
	for (size_t i = 0; i < plan.off.nr; i++)
		if (kconfig_get(next.ptr, plan.off.v[i]) != 'n') {
			kconfig_set(&next, plan.off.v[i], 'n');
			*changed = true;
		}
	if (!*changed)
		goto out;
	symbols_on(&before, config->ptr);
	if ((ret = write_config(&next, b)) < 0 ||
	    (ret = run_make(b, (const char *const[]){ "olddefconfig", NULL })) < 0 ||
	    (ret = read_config(&next, b)) < 0)
		goto out;
	lost_symbols(&lost, &before, next.ptr, &plan.off);
	if (lost.nr) {
		bool reached = true;

		for (size_t i = 0; i < symbols->nr; i++)
			reached = reached && kconfig_get(next.ptr, symbols->v[i]) != 'n';
		/* The shared build dir stays as it was: others rely on it. */
		buf_reset(&r->why);
		buf_printf(&r->why, "%s turns off %zu symbol%s (%s%s) in the shared %s config",
			   reached ? "reaching it" : "a plan that does not even reach it",
			   lost.nr, lost.nr == 1 ? "" : "s", lost.v[0], lost.nr > 1 ? ", ..." : "",
			   b->arch->name);
		/* A build dir of its own only for a plan that works. */
		if (reached && !r->variant.nr) {
			for (size_t i = 0; i < r->tried.nr; i++)
				strvec_pushf(&r->variant, "%s=y", r->tried.v[i]);
			for (size_t i = 0; i < plan.y.nr; i++)
				if (strvec_find(&r->tried, plan.y.v[i]) < 0)
					strvec_pushf(&r->variant, "%s=y", plan.y.v[i]);
			for (size_t i = 0; i < plan.off.nr; i++)
				strvec_pushf(&r->variant, "%s=n", plan.off.v[i]);
		}
		*changed = false;
		ret = write_config(config, b);
		goto out;
	}
	buf_reset(config);
	buf_add(config, next.ptr, next.len);
out:
	kconfig_plan_release(&plan);
	strvec_clear(&before);
	strvec_clear(&lost);
	buf_release(&next);
	return ret;
}

int builddir_reach(struct builddir *b, struct kconfig_db *db, const struct strvec *symbols,
		   struct reach *r)
{
	struct buf config = BUF_INIT;
	bool changed = true;
	int ret;

	if ((ret = read_config(&config, b)) < 0)
		goto out;
	for (int round = 0; round < REACH_ROUNDS && changed && !ret; round++) {
		buf_reset(&r->why);
		ret = reach_round(b, db, symbols, &config, r, &changed);
	}
	for (size_t i = 0; i < symbols->nr && !ret; i++)
		if (kconfig_get(config.ptr, symbols->v[i]) == 'n')
			strvec_push(&r->off, symbols->v[i]);
	if (!r->off.nr)
		buf_reset(&r->why);
out:
	buf_release(&config);
	return ret;
}

void reach_release(struct reach *r)
{
	strvec_clear(&r->off);
	strvec_clear(&r->tried);
	strvec_clear(&r->arches);
	strvec_clear(&r->variant);
	buf_release(&r->why);
}

int builddir_configure(struct builddir *b, const struct strvec *settings, struct strvec *refused)
{
	struct buf config = BUF_INIT;
	int ret;

	if ((ret = read_start_config(&config, b)) < 0)
		goto out;
	/* Always written: a symbol missing from .config is not "n" to olddefconfig. */
	for (size_t i = 0; i < settings->nr; i++) {
		char *sym = xstrndup(settings->v[i], strcspn(settings->v[i], "="));

		kconfig_set(&config, sym, strchr(settings->v[i], '=')[1]);
		free(sym);
	}
	if ((ret = write_config(&config, b)) < 0 ||
	    (ret = run_make(b, (const char *const[]){ "olddefconfig", NULL })) < 0 ||
	    (ret = read_config(&config, b)) < 0)
		goto out;
	for (size_t i = 0; i < settings->nr; i++) {
		char *sym = xstrndup(settings->v[i], strcspn(settings->v[i], "="));

		if (kconfig_get(config.ptr, sym) != strchr(settings->v[i], '=')[1])
			strvec_pushf(refused, "CONFIG_%s", settings->v[i]);
		free(sym);
	}
out:
	buf_release(&config);
	return ret;
}

/* The rest of a make command line: -jN, an extra argument, the targets; then run it. */
static int run_make_targets(struct child *c, const struct builddir *b,
			    const struct strvec *targets, const char *extra)
{
	strvec_pushf(&c->args, "-j%d", b->jobs);
	if (extra)
		strvec_push(&c->args, extra);
	for (size_t i = 0; i < targets->nr; i++)
		strvec_push(&c->args, targets->v[i]);
	return child_run(c);
}

int builddir_make(struct child *c, struct builddir *b, const struct strvec *targets,
		  const char *extra)
{
	make_argv(c, b);
	strvec_push(&c->args, "-k");
	return run_make_targets(c, b, targets, extra);
}

int builddir_make_synced(struct child *c, struct builddir *b, const struct strvec *targets,
			 const char *extra)
{
	strvec_pushv(&c->args, (const char *const[]){ "make", "-C", b->src, NULL });
	make_args(c, b);
	c->merge_err = true;
	c->out.cap = 16 << 20;
	strvec_pushv(&c->args, (const char *const[]){ "-k", "--output-sync=target", NULL });
	return run_make_targets(c, b, targets, extra);
}

void builddir_release(struct builddir *b)
{
	free(b->dir);
	*b = (struct builddir)BUILDDIR_INIT;
}
