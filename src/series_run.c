#include "series_run.h"
#include "cover.h"
#include "error.h"
#include "fs.h"
#include "mail.h"
#include "message.h"
#include "outdir.h"
#include "patch.h"
#include "range_diff.h"
#include "run_command.h"
#include "trailers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Everything that can refuse the run, checked before the conversion. */
static int check_inputs(struct series_run *run)
{
	struct series_opts *o = run->o;
	int ret;

	if ((ret = common_setup(&run->r, &o->c)) < 0 ||
	    (ret = mail_style_load(&run->style, run->r.git, o->subject_prefix, o->rfc)) < 0)
		return ret;
	if (o->dry_run && !o->send) {
		run->id.name = xstrdup("");
		run->id.email = xstrdup("");
		if ((ret = identity_date(&run->id)) < 0)
			return ret;
		run->topic.name = o->topic ? xstrdup(o->topic) : topic_default_name(&run->id);
		return 0;
	}
	if ((ret = identity_load(&run->id, run->r.git)) < 0 ||
	    (ret = topic_prepare(&run->topic, &run->r, o->topic, &run->id)) < 0)
		return ret;
	if (o->out && ((ret = outdir_check_place(o->out, run->r.git)) < 0 ||
		       (ret = outdir_check(o->out)) < 0))
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

static int make_messages(struct series_run *run)
{
	struct buf signoff = BUF_INIT;
	int ret = 0;

	if (!run->templates)
		return error("cannot find the message templates (series/); set KMAP_LOCAL_SERIES_DIR");
	buf_printf(&signoff, "%s <%s>", run->id.name, run->id.email);
	run->messages = xcalloc(run->plan.nr, sizeof(char *));
	run->commits = xcalloc(run->plan.nr + 1, sizeof(git_oid));
	for (size_t i = 0; i < run->plan.nr && !ret; i++) {
		struct buf msg = BUF_INIT;

		ret = message_commit(&msg, run->templates, &run->plan.v[i], signoff.ptr);
		run->messages[i] = buf_detach(&msg, NULL);
	}
	buf_release(&signoff);
	return ret;
}

int series_run_commit(struct series_run *run, struct series *s)
{
	git_oid *out = xcalloc(s->nr + 1, sizeof(*out));
	int ret;

	ret = commit_patches(out, &run->plan, s->patches, s->nr, run->r.git, run->r.base_commit,
			     &run->id, run->messages);
	for (size_t m = 0; m < s->nr && !ret; m++)
		run->commits[s->patches[m]] = out[m];
	free(out);
	return ret;
}

static int check_not_checked_out(struct series_run *run, const struct series *s)
{
	struct buf where = BUF_INIT;
	int ret = 0;

	if (branch_checked_out(run->r.git, s->st.branch_ref, &where))
		ret = error("branch '%s' is checked out in '%s'; kmap-local never moves a "
			    "checked-out branch: check out another one first",
			    s->st.branch_ref + 11, where.ptr);
	buf_release(&where);
	return ret;
}

/* Find each series' branch and settle the version it gets. */
static int find_states(struct series_run *run)
{
	struct strvec taken = STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];

		ret = series_state_find(&s->st, run->r.git, run->topic.name, s->group, s->hint,
					&taken, &run->id);
		if (!ret && !run->o->dry_run)
			ret = check_not_checked_out(run, s);
		if (!ret)
			ret = series_state_version(&s->st, run->r.git, run->topic.name,
						   run->o->version, run->o->force);
		strvec_push(&taken, s->st.name ? s->st.name : "");
	}
	strvec_clear(&taken);
	return ret;
}

/*
 * Without -v, a series whose patches are what its branch holds (same
 * messages, trailers included, same changes) keeps its version.
 */
static int skip_unchanged(struct series_run *run)
{
	size_t left = 0;
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];
		git_oid *now = xcalloc(s->nr + 1, sizeof(*now));
		bool same = false;

		for (size_t m = 0; m < s->nr; m++)
			now[m] = run->commits[s->patches[m]];
		if (!run->o->version && !run->o->force && s->st.found && s->st.last)
			ret = range_diff_same(&same, run->r.git, s->st.old, s->st.nr_old, now, s->nr);
		free(now);
		s->skip = same;
		left += !same;
	}
	if (!ret && !left)
		ret = error("no series changed since its last version (%s v%d%s); re-roll with "
			    "-v N or replace it with --force", run->set.v[0].st.name,
			    run->set.v[0].st.last, run->set.nr > 1 ? " and the others" : "");
	return ret;
}

static int make_commits(struct series_run *run)
{
	int ret;

	series_group(&run->set, &run->plan, !run->o->treewide);
	if ((ret = find_states(run)) < 0 || (ret = make_messages(run)) < 0)
		return ret;
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		ret = series_run_commit(run, &run->set.v[i]);
	if (ret || (ret = trailers_carry(run)) < 0)
		return ret;
	return skip_unchanged(run);
}

/*
 * Compile-check the new commits, unless --no-build or the tree has no
 * kbuild (then only an explicit --arch is an error).
 */
static int build_all(struct series_run *run)
{
	struct series_opts *o = run->o;
	size_t nr_sel = 0, nr = 0;
	bool automatic = false;
	git_oid *ids;
	int ret;

	run->drop = xcalloc(run->plan.nr + 1, sizeof(bool));
	if (o->no_build)
		return 0;
	if (!o->arch && buildcheck_is_kernel_tree(run->r.base_tree, "the base tree") < 0) {
		note("not compile-checking: the base tree has no kbuild (see --no-build)");
		return 0;
	}
	run->sel = NULL;
	ids = xcalloc(run->plan.nr + 1, sizeof(*ids));
	for (size_t i = 0; i < run->set.nr; i++)
		for (size_t m = 0; !run->set.v[i].skip && m < run->set.v[i].nr; m++)
			ids[nr++] = run->commits[run->set.v[i].patches[m]];
	if ((ret = arch_table_load(&run->table, o->arches)) == 0)
		run->sel = xcalloc(run->table.nr + 1, sizeof(*run->sel));
	if (ret < 0 ||
	    (ret = arch_table_select(run->sel, &nr_sel, &automatic, &run->table, o->arch,
				     o->toolchain)) < 0 ||
	    (ret = buildcheck_run(&run->matrix, &run->r, ids, nr, run->sel, nr_sel,
				  &(struct build_opts){ o->cc_wrapper, o->c.jobs, false,
							automatic ? &run->table : NULL, false })) < 0) {
		free(ids);
		return ret;
	}
	free(ids);
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

/* --verify: boot the base and the tip on i386 HIGHMEM (verify.h). */
static int verify_all(struct series_run *run)
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

/* --drop-failing: commit the series that lost a patch again without it. */
static int drop_failing(struct series_run *run)
{
	size_t *before = xcalloc(run->set.nr + 1, sizeof(*before));
	int ret = 0;

	for (size_t i = 0; i < run->set.nr; i++)
		before[i] = run->set.v[i].nr;
	series_drop(&run->set, run->drop);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		if (run->set.v[i].nr != before[i] && run->set.v[i].nr)
			ret = series_run_commit(run, &run->set.v[i]);
	free(before);
	return ret;
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

		if (s->skip)
			continue;
		ret = checkpatch_run(&s->cp, &cp,
				     (const char *const *)s->files.v + series_first_patch(s),
				     s->files.nr - series_first_patch(s), run->o->c.jobs);
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

/*
 * series/<topic>/vN that an earlier run wrote other series of vN into:
 * this run adds its series' directories and the report lists them all.
 */
static int join_version_dir(struct series_run *run)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		if (run->set.v[i].skip)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", run->out_dir, run->set.v[i].st.name);
		ret = outdir_check(path.ptr);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/report.json", run->out_dir);
	if (!ret && access(path.ptr, F_OK) == 0) {
		struct buf old = BUF_INIT;

		if ((ret = buf_read_file(&old, path.ptr)) == 0)
			run->old_report = buf_detach(&old, NULL);
		buf_release(&old);
	}
	run->joined = !ret;
	buf_release(&path);
	return ret;
}

static int version_dir(struct series_run *run)
{
	struct buf b = BUF_INIT;
	int version = 1, ret;

	for (size_t i = 0; i < run->set.nr; i++)
		if (!run->set.v[i].skip && run->set.v[i].st.version > version)
			version = run->set.v[i].st.version;
	buf_printf(&b, "series/%s/v%d", run->topic.name, version);
	run->out_dir = buf_detach(&b, NULL);
	if ((ret = outdir_check_place(run->out_dir, run->r.git)) < 0)
		return ret;
	if (!run->o->treewide && outdir_has_files(run->out_dir))
		return join_version_dir(run);
	return outdir_check(run->out_dir);
}

/* --send --dry-run: the mails go to a scratch directory, removed at the end. */
static char *preview_dir(void)
{
	struct buf b = BUF_INIT;
	const char *tmp = getenv("TMPDIR");

	buf_printf(&b, "%s/kmap-local-send.%ld", tmp && *tmp ? tmp : "/tmp", (long)getpid());
	return buf_detach(&b, NULL);
}

static int write_series(struct series_run *run)
{
	int ret;

	if (run->o->dry_run)
		run->out_dir = preview_dir();
	else if (!run->o->out && (ret = version_dir(run)) < 0)
		return ret;
	else if (run->o->out)
		run->out_dir = xstrdup(run->o->out);
	if ((ret = outdir_stage(&run->staging, run->out_dir)) < 0 || (ret = diff_all(run)) < 0)
		return ret;
	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];
		struct buf dir = BUF_INIT;

		buf_puts(&dir, run->staging);
		if (!run->o->treewide)
			buf_printf(&dir, "/%s", s->st.name);
		s->dir = buf_detach(&dir, NULL);
		if (!s->skip)
			ret = series_write_patches(s, run);
	}
	if (!ret)
		ret = check_all(run);
	for (size_t i = 0; i < run->set.nr && !ret; i++)
		if (!run->set.v[i].skip)
			ret = cover_write(&run->set.v[i], run);
	if (!ret)
		ret = series_write_report(run);
	return ret;
}

/*
 * The cover letter commit's text: the cover, then the recipients as the
 * To:/Cc: trailers `b4 prep --auto-to-cc` would add, so `b4 send` has them.
 */
static void cover_with_recipients(struct buf *out, const struct series *s,
				  const struct series_run *run)
{
	const struct strvec *lists[] = { &s->to, &run->o->to, &s->cc, &run->o->cc };
	struct strvec seen = STRVEC_INIT;

	buf_printf(out, "%s\n\n", s->cover.ptr);
	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < lists[k]->nr; i++) {
			char *key = mail_address_key(lists[k]->v[i]);

			if (strvec_find(&seen, key) < 0) {
				strvec_push(&seen, key);
				buf_printf(out, "%s: %s\n", k < 2 ? "To" : "Cc", lists[k]->v[i]);
			}
			free(key);
		}
	}
	strvec_clear(&seen);
	buf_rtrim(out);
}

/* The branch (cover letter commit and patches) and tag of each new version. */
static int commit_states(struct series_run *run)
{
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];
		git_oid *ids = xcalloc(s->nr + 1, sizeof(*ids));
		struct buf tag = BUF_INIT, msgid = BUF_INIT, cover = BUF_INIT;

		for (size_t m = 0; m < s->nr; m++)
			ids[m] = run->commits[s->patches[m]];
		if (!s->skip) {
			series_cover_msgid(&msgid, s, run);
			buf_printf(&tag, "%s\n\n%s\n\n---\nbase-commit: %s\nchange-id: %s\n",
				   s->title.ptr, s->cover.ptr, run->r.base_hex, s->st.change_id);
			buf_truncate(&msgid, msgid.len - 1);
			cover_with_recipients(&cover, s, run);
			s->st.subject_prefix = run->style.prefix;
			ret = series_state_commit(&s->st, run->r.git, run->topic.name, s->group,
						  git_commit_id(run->r.base_commit), ids, s->nr,
						  cover.ptr, tag.ptr, msgid.ptr + 1, &run->id);
		}
		free(ids);
		buf_release(&tag);
		buf_release(&msgid);
		buf_release(&cover);
	}
	return ret;
}

/* Move the staged files into place: the whole directory, or this run's part of it. */
static int publish_files(struct series_run *run, struct strvec *moved)
{
	if (!run->joined)
		return outdir_publish(run->staging, run->out_dir);
	for (size_t i = 0; i < run->set.nr; i++)
		if (!run->set.v[i].skip)
			strvec_push(moved, run->set.v[i].st.name);
	strvec_push(moved, "report.json");
	return outdir_publish_into(run->staging, run->out_dir, (const char *const *)moved->v,
				   moved->nr);
}

static void unpublish_files(struct series_run *run, const struct strvec *moved)
{
	struct buf path = BUF_INIT;

	if (!run->joined) {
		outdir_unpublish(run->out_dir);
		return;
	}
	for (size_t i = 0; i < moved->nr; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", run->out_dir, moved->v[i]);
		remove_tree(path.ptr);
	}
	buf_reset(&path);
	buf_printf(&path, "%s/report.json", run->out_dir);
	if (run->old_report)
		write_file_p(path.ptr, run->old_report, strlen(run->old_report));
	buf_release(&path);
}

static int publish(struct series_run *run)
{
	struct series_state **v = xcalloc(run->set.nr + 1, sizeof(*v));
	struct strvec moved = STRVEC_INIT;
	size_t nr = 0;
	int ret;

	for (size_t i = 0; i < run->set.nr; i++)
		if (!run->set.v[i].skip)
			v[nr++] = &run->set.v[i].st;
	if ((ret = commit_states(run)) < 0 || (ret = publish_files(run, &moved)) < 0)
		goto out;
	if ((ret = series_state_publish(v, nr, run->r.git, run->topic.name)) < 0)
		unpublish_files(run, &moved);
	else
		topic_done(&run->topic);
out:
	strvec_clear(&moved);
	free(v);
	return ret;
}

/* One series' mails, as `git send-email` takes them: absolute paths. */
static void send_files(struct strvec *out, const struct series *s, const struct series_run *run)
{
	char cwd[4096];
	const char *root = run->o->dry_run ? run->staging : run->out_dir;
	size_t skip = strlen(run->staging);

	if (!getcwd(cwd, sizeof(cwd)))
		*cwd = '\0';
	for (size_t f = 0; f < s->files.nr; f++)
		strvec_pushf(out, "%s%s%s%s", *root == '/' ? "" : cwd, *root == '/' ? "" : "/",
			     root, s->files.v[f] + skip);
}

/*
 * --send: one `git send-email --no-thread` per series, never one over all
 * of them (each patch would thread to the first cover).  The files carry
 * their threading; the user's sendemail.* settings do the rest.
 */
static int send_all(struct series_run *run)
{
	const char *dir = git_repository_workdir(run->r.git);
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];
		struct child c = CHILD_INIT;

		if (s->skip)
			continue;
		c.interactive = true;
		strvec_push(&c.args, "git");
		strvec_push(&c.args, "-C");
		strvec_push(&c.args, dir ? dir : git_repository_path(run->r.git));
		strvec_push(&c.args, "send-email");
		strvec_push(&c.args, "--no-thread");
		if (run->o->dry_run)
			strvec_push(&c.args, "--dry-run");
		send_files(&c.args, s, run);	/* absolute: never taken for options */
		if (!quiet)
			note("sending %s v%d (%zu mail%s)%s", s->st.name, s->st.version, s->files.nr,
			     s->files.nr == 1 ? "" : "s", run->o->dry_run ? ", dry run" : "");
		if ((ret = child_run(&c)) == 0 && !child_succeeded(&c))
			ret = error("git send-email failed on series '%s' (exit code %d)%s",
				    s->st.name, c.exit_status,
				    i ? "; the series before it were sent" : "");
		child_release(&c);
	}
	return ret;
}

static int print_result(struct series_run *run)
{
	struct buf out = BUF_INIT;
	int ret;

	if (run->o->dry_run && run->o->send)
		return 0;
	if (run->o->dry_run) {
		series_group(&run->set, &run->plan, !run->o->treewide);
		if ((ret = find_states(run)) < 0)
			return ret;
		series_print_plan(&out, run);
	} else {
		series_print_files(&out, run);
		if (!quiet)
			series_print_summary(run);
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
	free(run->old_report);
	series_set_release(&run->set);
	build_matrix_release(&run->matrix);
	verify_run_release(&run->verify);
	arch_table_release(&run->table);
	free(run->sel);
	free(run->drop);
	topic_release(&run->topic);
	identity_release(&run->id);
	mail_style_release(&run->style);
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
		goto out;
	if (o->dry_run && !o->send)
		return print_result(run);
	if ((ret = make_commits(run)) < 0 || (ret = build_all(run)) < 0 ||
	    (ret = drop_failing(run)) < 0 || (ret = verify_all(run)) < 0 ||
	    (ret = write_series(run)) < 0 || (!o->dry_run && (ret = publish(run)) < 0) ||
	    (!o->dry_run && (ret = print_result(run)) < 0))
		goto out;
	if (o->send)
		ret = send_all(run);
out:
	if (o->dry_run)
		topic_done(&run->topic);	/* nothing to resume: nothing was written */
	return ret;
}
