#include "worktree.h"
#include "error.h"
#include "fs.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int worktree_open(struct worktree *w, struct repo *r)
{
	struct buf dir = BUF_INIT, text = BUF_INIT;
	int ret;

	if ((ret = repo_state_dir(&dir, r, "src")) < 0)
		goto out;
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

int worktree_checkout(struct worktree *w, struct repo *r, const git_oid *tree_id)
{
	git_checkout_options opts;
	git_tree *target = NULL, *baseline = NULL;
	git_oid from;
	struct buf rec = BUF_INIT;
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
	if (git_checkout_tree(r->git, (git_object *)target, &opts) < 0) {
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
	*w = (struct worktree)WORKTREE_INIT;
}
