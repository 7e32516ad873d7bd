#include "worktree.h"
#include "error.h"
#include "fs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int worktree_open(struct worktree *w, struct repo *r)
{
	struct buf dir = BUF_INIT, text = BUF_INIT;
	int ret;

	if ((ret = repo_state_dir(&dir, r, "src")) < 0)
		goto out;
	buf_puts(&dir, ".lock");
	if ((ret = lock_take(&w->lock, dir.ptr, "the build checkout", LOCK_WAIT)) < 0)
		goto out;
	buf_truncate(&dir, dir.len - 5);
	w->dir = xstrdup(dir.ptr);
	buf_puts(&dir, ".tree");
	w->record = buf_detach(&dir, NULL);
	if (!access(w->record, R_OK) && !buf_read_file(&text, w->record) &&
	    !git_oid_fromstrn(&w->current, text.ptr, text.len >= 40 ? 40 : 0))
		w->valid = true;
out:
	buf_release(&dir);
	buf_release(&text);
	return ret;
}

static int empty_tree(git_oid *out, git_repository *git)
{
	git_treebuilder *tb = NULL;
	int ret = 0;

	if (git_treebuilder_new(&tb, git, NULL) < 0 || git_treebuilder_write(out, tb) < 0)
		ret = error_git("cannot write the empty tree");
	git_treebuilder_free(tb);
	return ret;
}

/* Write the files that differ between two trees, remove the deleted ones. */
static int move_files(struct worktree *w, struct repo *r, git_tree *from, git_tree *to)
{
	git_diff *diff = NULL;
	struct buf path = BUF_INIT, blob = BUF_INIT;
	int ret = 0;

	if (git_diff_tree_to_tree(&diff, r->git, from, to, NULL) < 0)
		return error_git("cannot compare two trees");
	for (size_t i = 0; i < git_diff_num_deltas(diff) && !ret; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		buf_reset(&path);
		buf_printf(&path, "%s/%s", w->dir, d->old_file.path);
		if (d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_TYPECHANGE)
			unlink(path.ptr);
		if (d->status == GIT_DELTA_DELETED || d->new_file.mode == GIT_FILEMODE_COMMIT)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", w->dir, d->new_file.path);
		if (!(ret = repo_read_blob(&blob, r->git, &d->new_file.id)) &&
		    !(ret = write_file_p(path.ptr, blob.ptr, blob.len)) &&
		    chmod(path.ptr, d->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644) < 0)
			ret = error_errno("cannot set the mode of '%s'", path.ptr);
		buf_reset(&blob);
	}
	git_diff_free(diff);
	buf_release(&path);
	buf_release(&blob);
	return ret;
}

int worktree_checkout(struct worktree *w, struct repo *r, const git_oid *tree_id)
{
	git_checkout_options opts;
	git_tree *target = NULL, *baseline = NULL;
	git_oid from;
	struct buf rec = BUF_INIT;
	bool had_checkout = w->valid;
	int ret;

	if (w->valid && git_oid_equal(&w->current, tree_id))
		return 0;
	if (!w->valid) {
		remove_tree(w->dir);
		if ((ret = mkdir_p(w->dir)) < 0 || (ret = empty_tree(&from, r->git)) < 0)
			return ret;
	} else {
		from = w->current;
	}
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
	opts.target_directory = w->dir;
	unlink(w->record);
	w->valid = false;
	if (git_tree_lookup(&target, r->git, tree_id) < 0 ||
	    git_tree_lookup(&baseline, r->git, &from) < 0) {
		ret = error_git("cannot read the tree to check out");
		goto out;
	}
	opts.baseline = baseline;
	if (had_checkout) {
		if ((ret = move_files(w, r, baseline, target)) < 0)
			goto out;
	} else if (git_checkout_tree(r->git, (git_object *)target, &opts) < 0) {
		ret = error_git("cannot check out into '%s'", w->dir);
		goto out;
	}
	buf_printf(&rec, "%s\n", git_oid_tostr_s(tree_id));
	if ((ret = buf_write_file_atomic(&rec, w->record)) == 0) {
		w->current = *tree_id;
		w->valid = true;
	}
out:
	git_tree_free(target);
	git_tree_free(baseline);
	buf_release(&rec);
	return ret;
}

void worktree_release(struct worktree *w)
{
	free(w->dir);
	free(w->record);
	lock_release(&w->lock);
	*w = (struct worktree)WORKTREE_INIT;
}
