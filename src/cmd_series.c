#include "cmd.h"
#include "error.h"
#include "series_run.h"

#include <string.h>

static const struct command_help series_help = {
	"kmap-local series [--base REV] [--topic NAME] [-v N] [-o DIR] [--to ADDR] [--cc ADDR]\n"
	"                         [--subject-prefix STR] [--rfc] [--per-maintainer|--treewide]\n"
	"                         [--split MODE] [--dry-run] [--send] [PATH...]",
	"Commit the conversion onto a topic branch, one patch per MAINTAINERS section,\n"
	"and write it as mailable series (one per maintainer tree by default).\n"
	"The work tree, the index and the current branch are never touched.",
};

/* A value that becomes a mail header must be one line. */
static int check_header_values(const struct strvec *v, const char *option)
{
	for (size_t i = 0; i < v->nr; i++)
		if (strpbrk(v->v[i], "\r\n"))
			return error("option '%s' holds a line break; a mail header cannot "
				     "hold it", option);
	return 0;
}

static int check_options(struct series_opts *o)
{
	int ret;

	if ((ret = check_header_values(&o->to, "--to")) < 0 ||
	    (ret = check_header_values(&o->cc, "--cc")) < 0)
		return ret;
	if (o->per_maintainer && o->treewide)
		return error_usage("options '--per-maintainer' and '--treewide' cannot be used together");
	if (o->version != -1 && o->version < 1)
		return error_usage("option '-v' must be at least 1");
	if (o->version == -1)
		o->version = 0;	/* each series' next version */
	if (o->no_build && (o->arch || o->drop_failing))
		return error_usage("option '--no-build' cannot be used with '--arch' or '--drop-failing'");
	return 0;
}

int cmd_series(int argc, const char **argv)
{
	struct series_opts o = { .version = -1, .to = STRVEC_INIT, .cc = STRVEC_INIT };
	struct option opts[] = {
		{ OPT_STRING, 'C', NULL, &o.c.dir, "DIR", "run on the repository in DIR" },
		{ OPT_STRING, 0, "base", &o.c.base, "REV", "convert the tree of REV (default: HEAD)" },
		{ OPT_STRING, 0, "topic", &o.topic, "NAME", "topic branch (default: kmap-local/<date>)" },
		{ OPT_INT, 'v', "reroll-count", &o.version, "N", "write version N of each series (default: the next version of each series that changed)" },
		{ OPT_STRING, 'o', "output-directory", &o.out, "DIR",
		  "write the mails here (default: series/<topic>/v<N>)" },
		{ OPT_LIST, 0, "to", &o.to, "ADDR", "add a To: to every mail" },
		{ OPT_LIST, 0, "cc", &o.cc, "ADDR", "add a Cc: to every mail" },
		{ OPT_BOOL, 0, "per-maintainer", &o.per_maintainer, NULL,
		  "one series per maintainer tree (the default)" },
		{ OPT_BOOL, 0, "treewide", &o.treewide, NULL, "one series for everything" },
		{ OPT_STRING, 0, "split", &o.split, "MODE",
		  "one patch per section (default), directory or file" },
		{ OPT_STRING, 0, "subject-prefix", &o.subject_prefix, "STR",
		  "use [STR] instead of [PATCH] (default: format.subjectPrefix)" },
		{ OPT_BOOL, 0, "rfc", &o.rfc, NULL, "put RFC before the subject prefix" },
		{ OPT_BOOL, 'n', "dry-run", &o.dry_run, NULL,
		  "print the planned patches, write nothing (with --send: git send-email --dry-run)" },
		{ OPT_BOOL, 0, "send", &o.send, NULL,
		  "then send each series with its own git send-email --no-thread" },
		{ OPT_BOOL, 0, "force", &o.force, NULL, "replace an existing topic version" },
		{ OPT_BOOL, 0, "no-checkpatch", &o.no_checkpatch, NULL,
		  "do not run the tree's checkpatch.pl" },
		{ OPT_STRING, 0, "arch", &o.arch, "LIST",
		  "architectures (i386,arm), or auto: per commit what it needs (default)" },
		{ OPT_BOOL, 0, "no-build", &o.no_build, NULL, "do not compile-check the commits" },
		{ OPT_BOOL, 0, "drop-failing", &o.drop_failing, NULL,
		  "leave commits that do not build out of the mails" },
		{ OPT_BOOL, 0, "verify", &o.verify, NULL,
		  "boot the commits on i386 HIGHMEM under qemu (kmap-local verify)" },
		{ OPT_STRING, 0, "arches", &o.arches, "FILE", "the architecture table to use" },
		{ OPT_STRING, 0, "toolchain", &o.toolchain, "NAME", "llvm or gcc for every arch" },
		{ OPT_STRING, 0, "cc-wrapper", &o.cc_wrapper, "CMD", "compile through CMD (distcc)" },
		{ OPT_STRING, 0, "cocci", &o.c.cocci, "FILE|DIR", "use these semantic patches" },
		{ OPT_INT, 'j', "jobs", &o.c.jobs, "N", "run N spatch/checkpatch processes" },
		{ OPT_INT, 0, "timeout", &o.c.timeout, "SEC", "give up on a file after SEC seconds" },
		{ OPT_BOOL, 'q', "quiet", &o.c.quiet, NULL, "no progress or summary" },
		{ OPT_BOOL, 0, "verbose", &o.c.verbose, NULL, "say more about each stage" },
		{ OPT_END, 0, NULL, NULL, NULL, NULL },
	};
	struct series_run run = SERIES_RUN_INIT;
	int ret;

	common_opts_init(&o.c);
	if ((argc = parse_options(argc, argv, opts, &series_help)) < 0)
		return EXIT_USAGE;
	if ((ret = check_options(&o)) == 0)
		ret = series_run(&run, &o, argc, argv);
	series_run_release(&run);
	strvec_clear(&o.to);
	strvec_clear(&o.cc);
	return exit_code(ret);
}
