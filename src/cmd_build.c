#include "arches.h"
#include "buildcheck.h"
#include "cmd.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command_help build_help = {
	"kmap-local build [--arch LIST] [--toolchain llvm|gcc] [--cc-wrapper CMD] REV-RANGE",
	"Compile-check commits per architecture with the tree's kbuild: the objects\n"
	"each commit touches, at its parent and at the commit.  REV-RANGE is A..B,\n"
	"or one commit.  Exits 1 when a commit has an error or new warnings.",
};

struct build_args {
	struct common_opts c;
	const char *arch, *arches, *toolchain, *cc_wrapper;
	bool json, w1, no_batch;
};

static bool any_bad(const struct build_matrix *m)
{
	for (size_t i = 0; i < m->nr; i++)
		for (size_t a = 0; a < m->nr_arches; a++)
			if (m->v[i].cells[a].status == BUILD_ERROR ||
			    m->v[i].cells[a].status == BUILD_NEW_WARNINGS)
				return true;
	return false;
}

int cmd_build(int argc, const char **argv)
{
	struct build_args o = { 0 };
	struct option opts[] = {
		{ OPT_STRING, 'C', NULL, &o.c.dir, "DIR", "run on the repository in DIR" },
		{ OPT_STRING, 0, "arch", &o.arch, "LIST", "architectures (i386,arm), or auto: per commit what it needs (default)" },
		{ OPT_STRING, 0, "arches", &o.arches, "FILE", "the architecture table to use" },
		{ OPT_STRING, 0, "toolchain", &o.toolchain, "NAME", "llvm or gcc for every arch" },
		{ OPT_STRING, 0, "cc-wrapper", &o.cc_wrapper, "CMD", "compile through CMD (e.g. distcc)" },
		{ OPT_INT, 'j', "jobs", &o.c.jobs, "N", "make -jN (default: cores)" },
		{ OPT_BOOL, 0, "w1", &o.w1, NULL, "build with W=1" },
		{ OPT_BOOL, 0, "no-batch", &o.no_batch, NULL, "build each commit on its own, not commits that share no file together" },
		{ OPT_BOOL, 0, "json", &o.json, NULL, "print the matrix as JSON" },
		{ OPT_BOOL, 'q', "quiet", &o.c.quiet, NULL, "no progress notes" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct repo r = REPO_INIT;
	struct arch_table table = ARCH_TABLE_INIT;
	struct build_matrix m = BUILD_MATRIX_INIT;
	struct arch **sel = NULL;
	git_oid *commits = NULL;
	size_t nr_sel = 0, nr = 0;
	bool automatic = false;
	struct buf out = BUF_INIT;
	int ret;

	common_opts_init(&o.c);
	if ((argc = parse_options(argc, argv, opts, &build_help)) < 0)
		return EXIT_USAGE;
	if (argc != 1) {
		ret = error_usage("name one REV-RANGE (A..B, or one commit)");
		goto out;
	}
	if ((ret = arch_table_load(&table, o.arches)) < 0)
		goto out;
	sel = xcalloc(table.nr + 1, sizeof(*sel));
	if ((ret = arch_table_select(sel, &nr_sel, &automatic, &table, o.arch, o.toolchain)) < 0 ||
	    (ret = common_setup(&r, &o.c)) < 0 || (ret = range_commits(&commits, &nr, &r, argv[0])) < 0)
		goto out;
	ret = buildcheck_run(&m, &r, commits, nr, sel, nr_sel,
			     &(struct build_opts){ o.cc_wrapper, o.c.jobs, o.w1,
						   automatic ? &table : NULL, o.no_batch });
	if (ret < 0)
		goto out;
	if (o.json)
		buildcheck_json(&out, &m);
	else
		buildcheck_format(&out, &m, NULL, 0);
	if ((ret = write_stdout(&out)) == 0 && any_bad(&m))
		ret = E_ERROR;
out:
	buf_release(&out);
	build_matrix_release(&m);
	free(commits);
	free(sel);
	arch_table_release(&table);
	repo_release(&r);
	return exit_code(ret);
}
