#include "range_diff.h"
#include "error.h"
#include "mail.h"
#include "patch.h"

#include <stdlib.h>
#include <string.h>


/* A commit's subject and its diff without the "index" lines, for comparing. */
struct rd_commit {
	git_oid id;
	char *subject;
	struct buf diff;
	int match;
};

static int rd_load(struct rd_commit *c, git_repository *git, const git_oid *id)
{
	git_tree *old = NULL, *new = NULL;
	git_commit *commit = NULL;
	int ret;

	c->id = *id;
	c->match = -1;
	c->diff = (struct buf)BUF_INIT;
	if ((ret = commit_read_trees(&old, &new, &commit, git, id)) == 0) {
		c->subject = xstrdup(git_commit_summary(commit));
		ret = patch_format_trees(&c->diff, NULL, git, old, new, NULL, MAIL_STAT_WIDTH);
	}
	for (char *p = c->diff.ptr; ret == 0 && (p = strstr(p, "\nindex "));) {
		char *nl = strchr(p + 1, '\n');

		memmove(p, nl, strlen(nl) + 1);
		c->diff.len = strlen(c->diff.ptr);
	}
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(commit);
	return ret;
}

static int rd_old_commits(struct rd_commit **out, size_t *nr, git_repository *git,
			  const struct topic *t)
{
	git_commit *c = NULL;
	size_t alloc = 0;
	int ret = 0;

	*nr = 0;
	if (git_commit_lookup(&c, git, &t->prev_tip) < 0)
		return error_git("cannot read v%d of topic '%s'", t->version - 1, t->name);
	while (c && !git_oid_equal(git_commit_id(c), &t->prev_base) && !ret) {
		git_commit *parent = NULL;

		ALLOC_GROW(*out, *nr, alloc);
		ret = rd_load(&(*out)[(*nr)++], git, git_commit_id(c));
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
			parent = NULL;
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	for (size_t i = 0; i < *nr / 2; i++) {
		struct rd_commit tmp = (*out)[i];

		(*out)[i] = (*out)[*nr - 1 - i];
		(*out)[*nr - 1 - i] = tmp;
	}
	return ret;
}

static void rd_line(struct buf *out, const struct rd_commit *a, size_t ai, char op,
		    const struct rd_commit *b, size_t bi)
{
	char ha[8] = "-------", hb[8] = "-------";

	if (a)
		git_oid_tostr(ha, sizeof(ha), &a->id);
	if (b)
		git_oid_tostr(hb, sizeof(hb), &b->id);
	if (a)
		buf_printf(out, "%zu:  %s ", ai + 1, ha);
	else
		buf_printf(out, "-:  %s ", ha);
	buf_printf(out, "%c ", op);
	if (b)
		buf_printf(out, "%zu:  %s", bi + 1, hb);
	else
		buf_printf(out, "-:  %s", hb);
	buf_printf(out, " %s\n", (b ? b : a)->subject);
}

int range_diff(struct buf *out, git_repository *git, const struct topic *t,
		      const git_oid *commits, size_t nr, bool show_dropped)
{
	struct rd_commit *old = NULL, *new = xcalloc(nr + 1, sizeof(*new));
	size_t nr_old = 0;
	int ret = 0;

	if (!t->has_prev)
		goto out;
	if ((ret = rd_old_commits(&old, &nr_old, git, t)) < 0)
		goto out;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = rd_load(&new[i], git, &commits[i]);
	for (size_t i = 0; i < nr && !ret; i++)
		for (size_t j = 0; j < nr_old && new[i].match < 0; j++)
			if (old[j].match < 0 && !strcmp(old[j].subject, new[i].subject)) {
				new[i].match = (int)j;
				old[j].match = (int)i;
			}
	if (ret)
		goto out;
	buf_printf(out, "Changes since v%d (as git range-diff: = same, ! changed):\n\n",
		   t->version - 1);
	for (size_t j = 0; j < nr_old && show_dropped; j++)
		if (old[j].match < 0)
			rd_line(out, &old[j], j, '<', NULL, 0);
	for (size_t i = 0; i < nr; i++) {
		const struct rd_commit *o = new[i].match >= 0 ? &old[new[i].match] : NULL;
		char op = !o ? '>' : strcmp(o->diff.ptr, new[i].diff.ptr) ? '!' : '=';

		rd_line(out, o, o ? (size_t)new[i].match : 0, op, &new[i], i);
	}
	buf_rtrim(out);
out:
	for (size_t i = 0; i < nr_old; i++) {
		free(old[i].subject);
		buf_release(&old[i].diff);
	}
	for (size_t i = 0; i < nr; i++) {
		free(new[i].subject);
		buf_release(&new[i].diff);
	}
	free(old);
	free(new);
	return ret;
}
