#include "series_run.h"
#include "cover.h"
#include "error.h"
#include "mail.h"
#include "message.h"
#include "outdir.h"
#include "patch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static int check_inputs(struct series_run *run)
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
	if ((ret = outdir_check_place(run->out_dir, run->r.git)) < 0 ||
	    (ret = outdir_check(run->out_dir)) < 0)
		return ret;
	return topic_resume(&run->topic, &run->r, &run->id);
}

static int make_plan(struct series_run *run, int argc, const char **argv)
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

static int make_commits(struct series_run *run)
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
static int build_all(struct series_run *run)
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
	run->built = run->matrix.nr > 0;
	for (size_t i = 0; i < run->plan.nr; i++) {
		if (!buildcheck_failed(&run->matrix, &run->commits[i]))
			continue;
		warning("'%s' does not build%s", run->plan.v[i].subject,
			o->drop_failing ? "; left out of the mails" : "");
		run->drop[i] = o->drop_failing;
	}
	return 0;
}

static int check_all(struct series_run *run)
{
	struct checkpatch cp = CHECKPATCH_INIT;
	int ret;

	if (run->o->no_checkpatch)
		return 0;
	if ((ret = checkpatch_prepare(&cp, &run->r)) < 0 || !checkpatch_available(&cp))
		goto out;
	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];

		ret = checkpatch_run(&s->cp, &cp, (const char *const *)s->files.v + 1,
				     s->files.nr - 1, run->o->c.jobs);
	}
out:
	checkpatch_release(&cp);
	return ret;
}

/* Each commit's diff and stat, once, for the mails, covers and range-diff. */
static int diff_all(struct series_run *run)
{
	int ret = 0;

	run->diffs = xcalloc(run->plan.nr + 1, sizeof(*run->diffs));
	for (size_t i = 0; i < run->plan.nr && !ret; i++) {
		const struct plan_patch *p = &run->plan.v[i];
		struct commit_diff *d = &run->diffs[i];
		struct strvec paths = STRVEC_INIT;
		git_tree *old = NULL, *new = NULL;
		git_commit *c = NULL;

		d->diff = (struct buf)BUF_INIT;
		d->stat = (struct buf)BUF_INIT;
		for (size_t f = 0; f < p->nr; f++)
			strvec_push(&paths, p->files[f]->path);
		if (!(ret = commit_read_trees(&old, &new, &c, run->r.git, &run->commits[i])))
			ret = patch_format_trees(&d->diff, &d->stat, run->r.git, old, new, &paths,
						 MAIL_STAT_WIDTH);
		strvec_clear(&paths);
		git_tree_free(old);
		git_tree_free(new);
		git_commit_free(c);
	}
	return ret;
}

static int write_series(struct series_run *run)
{
	int ret;

	if ((ret = outdir_stage(&run->staging, run->out_dir)) < 0 || (ret = diff_all(run)) < 0)
		return ret;
	series_group(&run->set, &run->plan, !run->o->treewide, run->staging, run->drop);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = series_write_patches(&run->set.v[i], run);
	if (!ret)
		ret = check_all(run);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = cover_write(&run->set.v[i], run);
	if (!ret)
		ret = series_write_report(run);
	return ret;
}

static int publish(struct series_run *run)
{
	int ret;

	if ((ret = outdir_publish(run->staging, run->out_dir)) < 0)
		return ret;
	if ((ret = topic_publish(&run->topic, &run->r, &run->commits[run->plan.nr - 1])) < 0)
		outdir_unpublish(run->out_dir);
	return ret;
}

static int print_result(struct series_run *run)
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

void series_run_release(struct series_run *run)
{
	for (size_t i = 0; run->messages && i < run->plan.nr; i++)
		free(run->messages[i]);
	for (size_t i = 0; run->diffs && i < run->plan.nr; i++) {
		buf_release(&run->diffs[i].diff);
		buf_release(&run->diffs[i].stat);
	}
	free(run->diffs);
	free(run->messages);
	free(run->commits);
	if (run->staging)
		outdir_discard(run->staging);
	free(run->staging);
	free(run->out_dir);
	series_set_release(&run->set);
	build_matrix_release(&run->matrix);
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

int series_run(struct series_run *run, struct series_opts *o, int argc,
	       const char **argv)
{
	int ret;

	run->o = o;
	run->templates = message_template_dir();
	if ((ret = check_inputs(run)) < 0 || (ret = make_plan(run, argc, argv)) < 0)
		return ret;
	if (!o->dry_run && ((ret = make_commits(run)) < 0 || (ret = build_all(run)) < 0 ||
			    (ret = write_series(run)) < 0 || (ret = publish(run)) < 0))
		return ret;
	return print_result(run);
}
