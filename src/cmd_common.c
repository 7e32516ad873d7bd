#include "cmd.h"
#include "error.h"
#include "pager.h"
#include "rules.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *global_dir;

void common_opts_init(struct common_opts *c)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	*c = (struct common_opts){ 0 };
	c->dir = global_dir;
	c->jobs = cores > 0 ? (int)cores : 1;
	c->timeout = 120;
	c->color = COLOR_UNSET;
}

int common_setup(struct repo *r, struct common_opts *c)
{
	int ret;

	quiet = c->quiet;
	if (!c->jobs)
		return error_usage("option '--jobs' must be at least 1");
	if (!c->timeout)
		return error_usage("option '--timeout' must be at least 1");
	if ((ret = repo_open(r, c->dir)) < 0)
		return ret;
	return repo_resolve_base(r, c->base);
}

static char *config_get(git_repository *git, const char *key)
{
	git_config *cfg = NULL;
	git_buf value = { 0 };
	char *s = NULL;

	if (git && git_repository_config_snapshot(&cfg, git) == 0 &&
	    git_config_get_string_buf(&value, cfg, key) == 0) {
		s = xstrdup(value.ptr);
		git_buf_dispose(&value);
	}
	git_config_free(cfg);
	return s;
}

static int config_color(git_repository *git)
{
	static const char *const keys[] = { "color.diff", "color.ui" };
	int when = COLOR_UNSET;

	for (size_t i = 0; i < 2 && when == COLOR_UNSET; i++) {
		char *v = config_get(git, keys[i]);

		if (v && (when = parse_color_when(v, true)) == COLOR_UNSET)
			warning("ignoring %s = '%s': not a color setting", keys[i], v);
		free(v);
	}
	return when;
}

bool common_want_color(const struct common_opts *c, git_repository *git)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	int when = c->color;

	if (when == COLOR_UNSET)
		when = config_color(git);
	if (when == COLOR_UNSET)
		when = no_color && *no_color ? COLOR_NEVER : COLOR_AUTO;
	if (when == COLOR_AUTO)
		return isatty(1) && term && strcmp(term, "dumb");
	return when == COLOR_ALWAYS;
}

void common_pager_start(const struct common_opts *c, git_repository *git)
{
	char *core = NULL;

	if (c->no_pager)
		return;
	if (!getenv("GIT_PAGER"))
		core = config_get(git, "core.pager");
	pager_start(core);
	free(core);
}

static void warn_timeouts(const struct results *res)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].status == FILE_TIMEOUT;
	if (n)
		warning("spatch timed out on %zu file%s; %s not converted (raise --timeout)",
			n, n == 1 ? "" : "s", n == 1 ? "it is" : "they are");
}

static void warn_binary(const struct results *res)
{
	for (size_t i = 0; i < res->nr; i++)
		if (res->v[i].status == FILE_BINARY)
			warning("'%s' has NUL bytes: skipped as binary", res->v[i].path);
}

int common_convert(struct results *res, struct convert_stats *stats, struct repo *r,
		   struct common_opts *c, int argc, const char **argv)
{
	int ret = common_setup(r, c);

	return ret ? ret : common_convert_opened(res, stats, r, c, argc, argv);
}

int common_convert_opened(struct results *res, struct convert_stats *stats, struct repo *r,
			  struct common_opts *c, int argc, const char **argv)
{
	struct convert_opts o = { c->cocci, STRVEC_INIT, c->jobs, c->timeout };
	struct rules rules = RULES_INIT;
	int ret;

	for (int i = 0; i < argc; i++)
		strvec_push(&o.paths, argv[i]);
	ret = convert_run(res, stats, r, &rules, &o);
	if (!ret) {
		warn_binary(res);
		warn_timeouts(res);
	}
	if (!ret && c->verbose) {
		note("rules %.12s, spatch %s, %zu tokens", rules.hash, rules.spatch_version,
		     rules.tokens.nr);
		note("discover read %zu files, %zu of them from the work tree",
		     stats->discover_read, stats->discover_from_worktree);
	}
	rules_release(&rules);
	strvec_clear(&o.paths);
	return ret;
}

int write_stdout(const struct buf *b)
{
	if (fwrite(b->ptr, 1, b->len, stdout) != b->len || fflush(stdout))
		return error_errno("cannot write the output");
	return 0;
}

/* The non-merge commits of A..B (or REV^..REV), oldest first. */
int range_commits(git_oid **out, size_t *nr, struct repo *r, const char *range)
{
	git_revwalk *walk = NULL;
	struct buf spec = BUF_INIT;
	size_t alloc = 0;
	git_oid id;
	int ret = 0;

	buf_printf(&spec, strstr(range, "..") ? "%s" : "%s^..%s", range, range);
	if (git_revwalk_new(&walk, r->git) < 0 || git_revwalk_push_range(walk, spec.ptr) < 0) {
		ret = error("bad revision range '%s' (use A..B or one commit)", range);
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (!git_revwalk_next(&id, walk)) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, r->git, &id) == 0 && git_commit_parentcount(c) == 1) {
			ALLOC_GROW(*out, *nr, alloc);
			(*out)[(*nr)++] = id;
		}
		git_commit_free(c);
	}
	if (!*nr)
		ret = error("no commit in '%s'", range);
out:
	git_revwalk_free(walk);
	buf_release(&spec);
	return ret;
}
