#include "cmd.h"
#include "error.h"
#include "rules.h"

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
}

int common_setup(struct repo *r, struct common_opts *c)
{
	int ret;

	quiet = c->quiet;
	if (c->color && c->no_color)
		return error_usage("options '--color' and '--no-color' cannot be used together");
	if (!c->jobs)
		return error_usage("option '--jobs' must be at least 1");
	if (!c->timeout)
		return error_usage("option '--timeout' must be at least 1");
	if ((ret = repo_open(r, c->dir)) < 0)
		return ret;
	return repo_resolve_base(r, c->base);
}

bool common_want_color(const struct common_opts *c)
{
	if (c->color || c->no_color)
		return c->color;
	return isatty(1);
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
	if (!ret && c->verbose)
		note("rules %.12s, spatch %s, %zu tokens", rules.hash, rules.spatch_version,
		     rules.tokens.nr);
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
