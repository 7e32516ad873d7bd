#include "cmd.h"
#include "error.h"
#include "pager.h"
#include "patch.h"
#include "report.h"

#include <stdio.h>

static const struct command_help diff_help = {
	"kmap-local diff [--base REV] [--stat] [options] [PATH...]",
	"Show the conversion as a diff against the base, file by file.\n"
	"Nothing is written: the diff applies with 'git apply' on the base.",
};

static int format_all(struct buf *out, const struct results *res, git_repository *git,
		      bool color)
{
	int ret = 0;

	for (size_t i = 0; i < res->nr && !ret; i++)
		ret = patch_format(out, &res->v[i], git, color);
	return ret;
}

int cmd_diff(int argc, const char **argv)
{
	struct common_opts c;
	bool stat = false;
	struct option opts[] = {
		COMMON_OPTIONS(c),
		COLOR_OPTIONS(c),
		{ OPT_BOOL, 0, "stat", &stat, NULL, "show a diffstat instead of the diff" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct repo r = REPO_INIT;
	struct results res = { 0 };
	struct convert_stats stats = { 0 };
	struct buf out = BUF_INIT, summary = BUF_INIT;
	bool color;
	int ret;

	common_opts_init(&c);
	if ((argc = parse_options(argc, argv, opts, &diff_help)) < 0)
		return EXIT_USAGE;
	if ((ret = common_convert(&res, &stats, &r, &c, argc, argv)) < 0)
		goto out;
	color = common_want_color(&c, r.git);
	if ((ret = patch_use_tree_attributes(r.git, r.base_tree, &res)) < 0)
		goto out;
	if (stat)
		ret = patch_stat(&out, &res, r.git, color);
	else
		ret = format_all(&out, &res, r.git, color);
	if (ret < 0)
		goto out;
	if (!quiet) {
		report_summary(&summary, &res, &stats);
		fputs(summary.ptr, stderr);
	}
	common_pager_start(&c, r.git);
	ret = write_stdout(&out);
out:
	buf_release(&out);
	buf_release(&summary);
	results_release(&res);
	repo_release(&r);
	return exit_code(ret);
}
