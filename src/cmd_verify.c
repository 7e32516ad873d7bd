#include "cmd.h"
#include "error.h"
#include "fs.h"
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

/* A topic `series` made: its newest version, as vN-base..vN. */
static void topic_range(struct buf *out, struct repo *r, const char *topic)
{
	int last = 0;

	for (int v = 1; v < 1000; v++) {
		struct buf ref = BUF_INIT;
		git_oid id;
		bool found;

		buf_printf(&ref, "refs/kmap-local/%s/v%d", topic, v);
		found = !git_reference_name_to_id(&id, r->git, ref.ptr);
		buf_release(&ref);
		if (!found)
			break;
		last = v;
	}
	if (last)
		buf_printf(out, "refs/kmap-local/%s/v%d-base..refs/kmap-local/%s/v%d", topic, last,
			   topic, last);
	else
		buf_puts(out, topic);
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
	struct buf range = BUF_INIT, out = BUF_INIT;
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
	if (strstr(argv[0], ".."))
		buf_puts(&range, argv[0]);
	else
		topic_range(&range, &r, argv[0]);
	if ((ret = range_commits(&commits, &nr, &r, range.ptr)) < 0 ||
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
	buf_release(&range);
	verify_run_release(&run);
	free(commits);
	repo_release(&r);
	return exit_code(ret);
}
