#include "cmd.h"
#include "error.h"
#include "report.h"

#include <stdio.h>

static const struct command_help scan_help = {
	"kmap-local scan [--base REV] [--json] [options] [PATH...]",
	"List every kmap site the rules find, with its verdict and evidence.\n"
	"Prints \"file:line:function: verdict: evidence\" lines; writes nothing.",
};

int cmd_scan(int argc, const char **argv)
{
	struct common_opts c;
	bool json = false;
	struct option opts[] = {
		COMMON_OPTIONS(c),
		{ OPT_BOOL, 0, "json", &json, NULL, "print the report as JSON" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct repo r = REPO_INIT;
	struct results res = { 0 };
	struct convert_stats stats = { 0 };
	struct buf out = BUF_INIT, summary = BUF_INIT;
	int ret;

	common_opts_init(&c);
	if ((argc = parse_options(argc, argv, opts, &scan_help)) < 0)
		return EXIT_USAGE;
	if ((ret = common_convert(&res, &stats, &r, &c, argc, argv)) < 0)
		goto out;
	if (json) {
		report_json(&out, &res, &stats, r.base_hex);
	} else {
		report_sites(&out, &res);
		report_file_notes(&out, &res);
	}
	if ((ret = write_stdout(&out)) < 0)
		goto out;
	if (!quiet && !json) {
		report_summary(&summary, &res, &stats);
		fputs(summary.ptr, stderr);
	}
out:
	buf_release(&out);
	buf_release(&summary);
	results_release(&res);
	repo_release(&r);
	return exit_code(ret);
}
