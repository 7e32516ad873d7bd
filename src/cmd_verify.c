#include "cmd.h"
#include "error.h"
#include "fs.h"
#include "series_state.h"
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command_help verify_help = {
	"kmap-local verify [--base REV] [--arch i386] [--workloads DIR] [--keep] [--json]"
	" REV-RANGE|TOPIC",
	"Boot the base and the tip of a range of conversion commits on i386 HIGHMEM\n"
	"under qemu with the kmap debug options and workloads chosen by the paths the\n"
	"commits touch; say per commit which converted functions ran and whether the\n"
	"tip showed a WARN/BUG/lockdep splat the base did not.  Exits 1 on a failure.",
};

/* One series branch: the patches after its cover letter commit, oldest first. */
static int series_patches(git_oid **out, size_t *nr, size_t *alloc, struct repo *r,
			  const git_oid *tip, const char *branch)
{
	size_t start = *nr;
	git_oid id = *tip;

	for (;;) {
		git_commit *c = NULL;
		bool cover;

		if (git_commit_lookup(&c, r->git, &id) < 0 || git_commit_parentcount(c) != 1) {
			git_commit_free(c);
			return error("branch '%s' has no cover letter commit: not one `series` made",
				     branch);
		}
		cover = strstr(git_commit_message(c), B4_MARKER) != NULL;
		if (!cover) {
			ALLOC_GROW(*out, *nr, *alloc);
			(*out)[(*nr)++] = id;
			id = *git_commit_parent_id(c, 0);
		}
		git_commit_free(c);
		if (cover)
			break;
	}
	for (size_t i = start, j = *nr; i + 1 < j; i++, j--) {
		git_oid t = (*out)[i];

		(*out)[i] = (*out)[j - 1];
		(*out)[j - 1] = t;
	}
	return 0;
}

/*
 * A topic `series` made: the patches of every branch refs/heads/TOPIC/<series>.
 * 1 when there is no such branch.
 */
static int topic_commits(git_oid **out, size_t *nr, struct repo *r, const char *topic)
{
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL;
	git_branch_t type;
	struct buf prefix = BUF_INIT;
	size_t alloc = 0;
	int ret = 0;

	buf_printf(&prefix, "refs/heads/%s/", topic);
	if (git_branch_iterator_new(&it, r->git, GIT_BRANCH_LOCAL) < 0)
		ret = error_git("cannot list the branches");
	while (!ret && git_branch_next(&ref, &type, it) == 0) {
		const char *name = git_reference_name(ref);

		if (!strncmp(name, prefix.ptr, prefix.len) && git_reference_target(ref))
			ret = series_patches(out, nr, &alloc, r, git_reference_target(ref),
					     name + strlen("refs/heads/"));
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	buf_release(&prefix);
	return ret < 0 ? ret : *nr == 0;
}

int cmd_verify(int argc, const char **argv)
{
	struct verify_opts o = { 0 };
	struct common_opts c;
	const char *arch = NULL;
	struct option opts[] = {
		{ OPT_STRING, 'C', NULL, &c.dir, "DIR", "run on the repository in DIR" },
		{ OPT_STRING, 0, "base", &o.base, "REV", "compare with REV (default: the range's parent)" },
		{ OPT_STRING, 0, "arch", &arch, "ARCH", "the architecture to boot (only i386)" },
		{ OPT_STRING, 0, "workloads", &o.workloads, "DIR", "more *.workload files" },
		{ OPT_BOOL, 0, "keep", &o.keep, NULL, "keep the consoles, images and initramfs" },
		{ OPT_BOOL, 0, "json", &o.json, NULL, "print the result as JSON" },
		{ OPT_INT, 'j', "jobs", &c.jobs, "N", "make -jN (default: cores)" },
		{ OPT_INT, 0, "timeout", &c.timeout, "SEC", "time limit of one boot (default 600)" },
		{ OPT_BOOL, 'q', "quiet", &c.quiet, NULL, "no progress notes" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct repo r = REPO_INIT;
	struct verify_run run = VERIFY_RUN_INIT;
	struct buf out = BUF_INIT;
	char dir[4096];
	git_oid *commits = NULL;
	size_t nr = 0;
	int ret;

	common_opts_init(&c);
	c.timeout = 600;
	if ((argc = parse_options(argc, argv, opts, &verify_help)) < 0)
		return EXIT_USAGE;
	if (argc != 1) {
		ret = error_usage("name one REV-RANGE (A..B, or one commit) or TOPIC");
		goto out;
	}
	if (arch && strcmp(arch, "i386")) {
		ret = error_usage("verify boots i386 only, not '%s'", arch);
		goto out;
	}
	if (!(o.dir = data_dir(dir, sizeof(dir), "verify", "KMAP_LOCAL_VERIFY_DIR"))) {
		ret = error("cannot find the bundled verify/ directory (set $KMAP_LOCAL_VERIFY_DIR)");
		goto out;
	}
	o.jobs = c.jobs;
	o.timeout = c.timeout;
	c.base = o.base;
	if ((ret = common_setup(&r, &c)) < 0)
		goto out;
	ret = strstr(argv[0], "..") ? 1 : topic_commits(&commits, &nr, &r, argv[0]);
	if (ret > 0)
		ret = range_commits(&commits, &nr, &r, argv[0]);
	if (ret < 0 ||
	    (ret = verify_collect(&run, &r, commits, nr)) < 0 ||
	    (ret = verify_run(&run, &r, &o)) < 0)
		goto out;
	if (o.json)
		verify_json(&out, &run);
	else
		verify_format(&out, &run, NULL, 0);
	if ((ret = write_stdout(&out)) == 0 && verify_any_failed(&run))
		ret = E_ERROR;
	if (run.keep_dir)
		note("kept the consoles, images and initramfs in %s", run.keep_dir);
out:
	buf_release(&out);
	verify_run_release(&run);
	free(commits);
	repo_release(&r);
	return exit_code(ret);
}
