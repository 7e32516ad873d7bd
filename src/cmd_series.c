#include "arches.h"
#include "buildcheck.h"
#include "fs.h"
#include "verify.h"
#include "checkpatch.h"
#include "cmd.h"
#include "commit.h"
#include "error.h"
#include "maintainers.h"
#include "message.h"
#include "report.h"
#include "series.h"
#include "split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command_help series_help = {
	"kmap-local series [--base REV] [--topic NAME] [-v N] [-o DIR] [--to ADDR] [--cc ADDR]\n"
	"                         [--per-maintainer|--treewide] [--split MODE] [--dry-run] [PATH...]",
	"Commit the conversion onto a topic branch, one patch per MAINTAINERS section,\n"
	"and write it as mailable series (one per maintainer tree by default).\n"
	"The work tree, the index and the current branch are never touched.",
};

struct series_opts {
	struct common_opts c;
	const char *topic;
	const char *out;
	const char *split;
	int version;
	struct strvec to, cc;
	bool per_maintainer, treewide, dry_run, force, no_checkpatch;
	bool no_build, drop_failing, verify;
	const char *arch, *arches, *toolchain, *cc_wrapper;
};

struct run {
	struct series_opts *o;
	struct repo r;
	struct results res;
	struct convert_stats stats;
	struct maintainers m;
	struct plan plan;
	struct identity id;
	struct topic topic;
	char *out_dir;
	char *staging;
	char **messages;
	git_oid *commits;
	struct series_set set;
	struct arch_table table;
	struct arch **sel;
	struct build_matrix matrix;
	struct verify_run verify;
	bool verified;
	bool *drop;
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
	if (o->version < 1)
		return error_usage("option '-v' must be at least 1");
	if (o->no_build && (o->arch || o->drop_failing))
		return error_usage("option '--no-build' cannot be used with '--arch' or '--drop-failing'");
	return 0;
}

static char *default_out_dir(const struct topic *t, const char *out)
{
	struct buf b = BUF_INIT;

	if (out)
		buf_puts(&b, out);
	else
		buf_printf(&b, "series/%s/v%d", t->name, t->version);
	return buf_detach(&b, NULL);
}

/* Everything that can refuse the run, checked before the conversion. */
static int check_inputs(struct run *run)
{
	struct series_opts *o = run->o;
	int ret;

	if ((ret = common_setup(&run->r, &o->c)) < 0)
		return ret;
	if (o->dry_run) {
		run->id.name = xstrdup("");
		run->id.email = xstrdup("");
		if ((ret = identity_date(&run->id)) < 0)
			return ret;
		run->topic.name = o->topic ? xstrdup(o->topic) : topic_default_name(&run->id);
		run->topic.version = o->version;
		return 0;
	}
	if ((ret = identity_load(&run->id, run->r.git)) < 0 ||
	    (ret = topic_prepare(&run->topic, &run->r, o->topic, o->version, o->force,
				 &run->id)) < 0)
		return ret;
	run->out_dir = default_out_dir(&run->topic, o->out);
	if ((ret = series_check_out_dir_place(run->out_dir, run->r.git)) < 0 ||
	    (ret = series_check_out_dir(run->out_dir)) < 0)
		return ret;
	return topic_resume(&run->topic, &run->r, &run->id);
}

static int make_plan(struct run *run, int argc, const char **argv)
{
	enum split_mode mode;
	int ret;

	if ((ret = split_mode_parse(&mode, run->o->split)) < 0 ||
	    (ret = common_convert_opened(&run->res, &run->stats, &run->r, &run->o->c, argc,
					 argv)) < 0 ||
	    (ret = maintainers_load(&run->m, run->r.git, run->r.base_tree)) < 0 ||
	    (ret = split_plan(&run->plan, &run->res, &run->m, mode, run->r.git,
			      run->r.base_commit)) < 0)
		return ret;
	if (!run->plan.nr)
		return error("nothing to convert under the given paths (%zu candidate files,"
			     " none changed)", run->stats.candidates);
	return 0;
}

static int make_commits(struct run *run)
{
	const char *tmpl = message_template_dir();
	struct buf signoff = BUF_INIT;
	int ret = 0;

	if (!tmpl)
		return error("cannot find the message templates (series/); set KMAP_LOCAL_SERIES_DIR");
	buf_printf(&signoff, "%s <%s>", run->id.name, run->id.email);
	run->messages = xcalloc(run->plan.nr, sizeof(char *));
	run->commits = xcalloc(run->plan.nr, sizeof(git_oid));
	for (size_t i = 0; i < run->plan.nr && !ret; i++) {
		struct buf msg = BUF_INIT;

		ret = message_commit(&msg, tmpl, &run->plan.v[i], signoff.ptr);
		run->messages[i] = buf_detach(&msg, NULL);
	}
	buf_release(&signoff);
	if (!ret)
		ret = commit_plan(run->commits, &run->plan, &run->r, &run->id, run->messages);
	return ret;
}

/*
 * Compile-check the new commits, unless --no-build or the tree has no
 * kbuild (then only an explicit --arch is an error).
 */
static int build_all(struct run *run)
{
	struct series_opts *o = run->o;
	size_t nr_sel = 0;
	int ret;

	run->drop = xcalloc(run->plan.nr + 1, sizeof(bool));
	if (o->no_build)
		return 0;
	if (!o->arch && buildcheck_is_kernel_tree(run->r.base_tree, "the base tree") < 0) {
		note("not compile-checking: the base tree has no kbuild (see --no-build)");
		return 0;
	}
	run->sel = xcalloc(64, sizeof(*run->sel));
	if ((ret = arch_table_load(&run->table, o->arches)) < 0 ||
	    (ret = arch_table_select(run->sel, &nr_sel, &run->table, o->arch, o->toolchain)) < 0 ||
	    (ret = buildcheck_run(&run->matrix, &run->r, run->commits, run->plan.nr, run->sel,
				  nr_sel, &(struct build_opts){ o->cc_wrapper, o->c.jobs, false })) < 0)
		return ret;
	for (size_t i = 0; i < run->plan.nr; i++) {
		if (!buildcheck_failed(&run->matrix, &run->commits[i]))
			continue;
		warning("'%s' does not build%s", run->plan.v[i].subject,
			o->drop_failing ? "; left out of the mails" : "");
		run->drop[i] = o->drop_failing;
	}
	return 0;
}

/* --verify: boot the base and the tip on i386 HIGHMEM (verify.h). */
static int verify_all(struct run *run)
{
	char dir[4096];
	struct verify_opts vo = { NULL, NULL, NULL, NULL, false, false, run->o->c.jobs, 600 };
	int ret;

	if (!run->o->verify)
		return 0;
	if (!(vo.dir = data_dir(dir, sizeof(dir), "verify", "KMAP_LOCAL_VERIFY_DIR")))
		return error("cannot find the bundled verify/ directory (set $KMAP_LOCAL_VERIFY_DIR)");
	if ((ret = verify_collect(&run->verify, &run->r, run->commits, run->plan.nr)) < 0 ||
	    (ret = verify_run(&run->verify, &run->r, &vo)) < 0)
		return ret;
	run->verified = true;
	for (size_t i = 0; i < run->verify.nr; i++)
		if (run->verify.v[i].status == VERIFY_FAILED)
			warning("'%s' failed at run time", run->verify.v[i].subject);
	return 0;
}

static int check_all(struct run *run)
{
	struct checkpatch cp = CHECKPATCH_INIT;
	int ret;

	if (run->o->no_checkpatch)
		return 0;
	if ((ret = checkpatch_prepare(&cp, &run->r)) < 0 || !checkpatch_available(&cp))
		goto out;
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = checkpatch_run(&run->set.v[i], &cp, run->o->c.jobs);
out:
	checkpatch_release(&cp);
	return ret;
}

static int write_series(struct run *run)
{
	struct series_ctx ctx = { &run->r, &run->plan, run->commits, &run->id, &run->topic,
				  &run->o->to, &run->o->cc, message_template_dir(),
				  run->matrix.nr ? &run->matrix : NULL, run->drop,
				  run->o->treewide, run->verified ? &run->verify : NULL };
	int ret;

	if ((ret = series_stage_out_dir(&run->staging, run->out_dir)) < 0)
		return ret;
	series_group(&run->set, &run->plan, !run->o->treewide, run->staging, run->drop);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = series_write_patches(&run->set.v[i], &ctx);
	if (!ret)
		ret = check_all(run);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = series_write_cover(&run->set.v[i], &ctx);
	if (!ret)
		ret = series_write_report(&run->set, &ctx, run->staging);
	return ret;
}

static int publish(struct run *run)
{
	int ret;

	if ((ret = series_publish_out_dir(run->staging, run->out_dir)) < 0)
		return ret;
	if ((ret = topic_publish(&run->topic, &run->r, &run->commits[run->plan.nr - 1])) < 0)
		series_unpublish_out_dir(run->out_dir);
	return ret;
}

static int print_result(struct run *run)
{
	struct buf out = BUF_INIT;
	int ret;

	if (run->o->dry_run) {
		series_group(&run->set, &run->plan, !run->o->treewide, "", NULL);
		series_print_plan(&out, &run->set, &run->plan, &run->topic);
	} else {
		series_print_files(&out, &run->set, run->staging, run->out_dir);
		if (!quiet)
			series_print_summary(&run->set, &run->plan, &run->topic, run->out_dir,
					     &run->commits[run->plan.nr - 1]);
	}
	ret = write_stdout(&out);
	buf_release(&out);
	return ret;
}

static void run_release(struct run *run)
{
	for (size_t i = 0; run->messages && i < run->plan.nr; i++)
		free(run->messages[i]);
	free(run->messages);
	free(run->commits);
	if (run->staging)
		series_discard_staging(run->staging);
	free(run->staging);
	free(run->out_dir);
	series_set_release(&run->set);
	build_matrix_release(&run->matrix);
	verify_run_release(&run->verify);
	arch_table_release(&run->table);
	free(run->sel);
	free(run->drop);
	topic_release(&run->topic);
	identity_release(&run->id);
	plan_release(&run->plan);
	maintainers_release(&run->m);
	results_release(&run->res);
	repo_release(&run->r);
}

int cmd_series(int argc, const char **argv)
{
	struct series_opts o = { .version = 1, .to = STRVEC_INIT, .cc = STRVEC_INIT };
	struct option opts[] = {
		{ OPT_STRING, 'C', NULL, &o.c.dir, "DIR", "run on the repository in DIR" },
		{ OPT_STRING, 0, "base", &o.c.base, "REV", "convert the tree of REV (default: HEAD)" },
		{ OPT_STRING, 0, "topic", &o.topic, "NAME", "topic branch (default: kmap-local/<date>)" },
		{ OPT_INT, 'v', "reroll-count", &o.version, "N", "mark the series as version N" },
		{ OPT_STRING, 'o', "output-directory", &o.out, "DIR",
		  "write the mails here (default: series/<topic>/v<N>)" },
		{ OPT_LIST, 0, "to", &o.to, "ADDR", "add a To: to every mail" },
		{ OPT_LIST, 0, "cc", &o.cc, "ADDR", "add a Cc: to every mail" },
		{ OPT_BOOL, 0, "per-maintainer", &o.per_maintainer, NULL,
		  "one series per maintainer tree (the default)" },
		{ OPT_BOOL, 0, "treewide", &o.treewide, NULL, "one series for everything" },
		{ OPT_STRING, 0, "split", &o.split, "MODE",
		  "one patch per section (default), directory or file" },
		{ OPT_BOOL, 'n', "dry-run", &o.dry_run, NULL, "print the planned patches, write nothing" },
		{ OPT_BOOL, 0, "force", &o.force, NULL, "replace an existing topic version" },
		{ OPT_BOOL, 0, "no-checkpatch", &o.no_checkpatch, NULL,
		  "do not run the tree's checkpatch.pl" },
		{ OPT_STRING, 0, "arch", &o.arch, "LIST", "compile-check on these architectures" },
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
	struct run run = { .o = &o, .r = REPO_INIT, .m = MAINTAINERS_INIT, .plan = PLAN_INIT,
			   .id = IDENTITY_INIT, .topic = TOPIC_INIT, .table = ARCH_TABLE_INIT,
			   .matrix = BUILD_MATRIX_INIT, .verify = VERIFY_RUN_INIT };
	int ret;

	common_opts_init(&o.c);
	if ((argc = parse_options(argc, argv, opts, &series_help)) < 0)
		return EXIT_USAGE;
	if ((ret = check_options(&o)) < 0 || (ret = check_inputs(&run)) < 0 ||
	    (ret = make_plan(&run, argc, argv)) < 0)
		goto out;
	if (!o.dry_run && ((ret = make_commits(&run)) < 0 || (ret = build_all(&run)) < 0 ||
			   (ret = verify_all(&run)) < 0 || (ret = write_series(&run)) < 0 ||
			   (ret = publish(&run)) < 0))
		goto out;
	ret = print_result(&run);
out:
	run_release(&run);
	strvec_clear(&o.to);
	strvec_clear(&o.cc);
	return exit_code(ret);
}
