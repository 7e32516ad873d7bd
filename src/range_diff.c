#include "range_diff.h"
#include "commit.h"
#include "error.h"
#include "mail.h"
#include "patch.h"

#include <stdlib.h>
#include <string.h>

#define SIMILAR_PERCENT 50

/* Drop "index" lines and the line numbers of "@@ -a,b +c,d @@" headers. */
static void normalize_diff(struct buf *out, struct buf *changed, const char *diff,
			   struct strvec *files)
{
	for (const char *p = diff; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);

		if (n > 6 && !strncmp(p, "+++ b/", 6))
			strvec_pushf(files, "%.*s", (int)(n - 6), p + 6);
		if (!strncmp(p, "index ", 6)) {
			/* dropped */
		} else if (!strncmp(p, "@@ ", 3) && memmem(p + 3, n - 3, " @@", 3)) {
			const char *end = memmem(p + 3, n - 3, " @@", 3) + 3;

			buf_printf(out, "@@%.*s\n", (int)(nl - end), end);
		} else {
			buf_printf(out, "%.*s\n", (int)n, p);
			if ((*p == '+' || *p == '-') && strncmp(p, "+++ ", 4) && strncmp(p, "--- ", 4))
				buf_printf(changed, "%.*s\n", (int)n, p);
		}
		p = *nl ? nl + 1 : nl;
	}
}

int rd_commit_load(struct rd_commit *c, git_repository *git, const git_oid *id)
{
	git_tree *old = NULL, *new = NULL;
	git_commit *commit = NULL;
	struct buf diff = BUF_INIT, author = BUF_INIT;
	int ret;

	*c = (struct rd_commit){ .id = *id, .files = STRVEC_INIT, .diff = BUF_INIT,
				 .changed = BUF_INIT, .match = -1 };
	if ((ret = commit_read_trees(&old, &new, &commit, git, id)) == 0) {
		const git_signature *a = git_commit_author(commit);

		c->subject = xstrdup(git_commit_summary(commit));
		c->message = xstrdup(git_commit_message(commit));
		buf_printf(&author, "%s <%s>", a->name, a->email);
		c->author = buf_detach(&author, NULL);
		ret = patch_format_trees(&diff, NULL, git, old, new, NULL, MAIL_STAT_WIDTH);
	}
	if (!ret)
		normalize_diff(&c->diff, &c->changed, diff.ptr, &c->files);
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(commit);
	buf_release(&diff);
	return ret;
}

void rd_commit_release(struct rd_commit *c)
{
	free(c->subject);
	free(c->message);
	free(c->author);
	strvec_clear(&c->files);
	buf_release(&c->diff);
	buf_release(&c->changed);
}

static bool same_files(const struct rd_commit *a, const struct rd_commit *b)
{
	if (a->files.nr != b->files.nr)
		return false;
	for (size_t i = 0; i < a->files.nr; i++)
		if (strvec_find(&b->files, a->files.v[i]) < 0)
			return false;
	return true;
}

/* The share of `a`'s changed lines that `b` has too, in percent. */
static unsigned similarity(const struct rd_commit *a, const struct rd_commit *b)
{
	size_t lines = 0, common = 0;

	for (const char *p = a->changed.ptr; *p;) {
		const char *nl = strchrnul(p, '\n');
		struct buf line = BUF_INIT;

		buf_add(&line, p, (size_t)(nl - p + (*nl ? 1 : 0)));
		lines++;
		common += strstr(b->changed.ptr, line.ptr) != NULL;
		buf_release(&line);
		p = *nl ? nl + 1 : nl;
	}
	return lines ? (unsigned)(common * 100 / lines) : 0;
}

void rd_pair(struct rd_commit *old, size_t nr_old, struct rd_commit *new, size_t nr_new)
{
	for (size_t i = 0; i < nr_new; i++)
		for (size_t j = 0; j < nr_old && new[i].match < 0; j++)
			if (old[j].match < 0 && same_files(&old[j], &new[i])) {
				new[i].match = (int)j;
				old[j].match = (int)i;
			}
	for (size_t i = 0; i < nr_new; i++) {
		unsigned best = SIMILAR_PERCENT;
		int at = -1;

		for (size_t j = 0; j < nr_old && new[i].match < 0; j++) {
			unsigned sim = old[j].match < 0 ? similarity(&new[i], &old[j]) : 0;

			if (sim >= best) {
				best = sim;
				at = (int)j;
			}
		}
		if (at >= 0) {
			new[i].match = at;
			old[at].match = (int)i;
		}
	}
}

bool rd_same(const struct rd_commit *a, const struct rd_commit *b)
{
	return !strcmp(a->author, b->author) && !strcmp(a->message, b->message) &&
	       !strcmp(a->diff.ptr, b->diff.ptr);
}

static int load_all(struct rd_commit **out, git_repository *git, const git_oid *ids, size_t nr)
{
	int ret = 0;

	*out = xcalloc(nr + 1, sizeof(**out));
	for (size_t i = 0; i < nr && !ret; i++)
		ret = rd_commit_load(&(*out)[i], git, &ids[i]);
	return ret;
}

static void release_all(struct rd_commit *v, size_t nr)
{
	for (size_t i = 0; v && i < nr; i++)
		rd_commit_release(&v[i]);
	free(v);
}

int range_diff_same(bool *out, git_repository *git, const git_oid *old, size_t nr_old,
		    const git_oid *new, size_t nr_new)
{
	struct rd_commit *a = NULL, *b = NULL;
	int ret;

	*out = false;
	if (nr_old != nr_new)
		return 0;
	if (!(ret = load_all(&a, git, old, nr_old)) && !(ret = load_all(&b, git, new, nr_new))) {
		*out = true;
		for (size_t i = 0; i < nr_new && *out; i++)
			*out = rd_same(&a[i], &b[i]);
	}
	release_all(a, nr_old);
	release_all(b, nr_new);
	return ret;
}

/* The commits of the version `st` re-rolls, base excluded, oldest first. */
static int old_commits(git_oid **out, size_t *nr, git_repository *git,
		       const struct series_state *st)
{
	git_commit *c = NULL;
	size_t alloc = 0;

	*nr = 0;
	*out = NULL;
	if (git_commit_lookup(&c, git, &st->prev_tip) < 0)
		return error_git("cannot read v%d of series '%s'", st->version - 1, st->name);
	while (c && !git_oid_equal(git_commit_id(c), &st->prev_base) && *nr < 10000) {
		git_commit *parent = NULL;

		ALLOC_GROW(*out, *nr, alloc);
		(*out)[(*nr)++] = *git_commit_id(c);
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
			parent = NULL;
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	for (size_t i = 0; i < *nr / 2; i++) {
		git_oid tmp = (*out)[i];

		(*out)[i] = (*out)[*nr - 1 - i];
		(*out)[*nr - 1 - i] = tmp;
	}
	return 0;
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

/* What differs within a pair, in words. */
static void rd_what(struct buf *out, const struct rd_commit *a, const struct rd_commit *b)
{
	const char *what[4];
	size_t n = 0;

	if (strcmp(a->subject, b->subject))
		buf_printf(out, "    subject was: %s\n", a->subject);
	if (strcmp(a->author, b->author))
		what[n++] = "author";
	if (strcmp(a->message, b->message))
		what[n++] = "message";
	if (strcmp(a->changed.ptr, b->changed.ptr))
		what[n++] = "changed lines";
	else if (strcmp(a->diff.ptr, b->diff.ptr))
		what[n++] = "diff context";
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s%s", i ? ", " : "    changed: ", what[i]);
	if (n)
		buf_putc(out, '\n');
}

int range_diff(struct buf *out, git_repository *git, const struct series_state *st,
	       const git_oid *commits, size_t nr)
{
	struct rd_commit *old = NULL, *new = NULL;
	git_oid *ids = NULL;
	size_t nr_old = 0;
	int ret;

	if (!st->has_prev)
		return 0;
	if ((ret = old_commits(&ids, &nr_old, git, st)) < 0 ||
	    (ret = load_all(&old, git, ids, nr_old)) < 0 ||
	    (ret = load_all(&new, git, commits, nr)) < 0)
		goto out;
	rd_pair(old, nr_old, new, nr);
	buf_printf(out, "Changes since v%d (as git range-diff: = same, ! changed):\n\n",
		   st->version - 1);
	for (size_t j = 0; j < nr_old; j++)
		if (old[j].match < 0)
			rd_line(out, &old[j], j, '<', NULL, 0);
	for (size_t i = 0; i < nr; i++) {
		const struct rd_commit *o = new[i].match >= 0 ? &old[new[i].match] : NULL;
		char op = !o ? '>' : rd_same(o, &new[i]) ? '=' : '!';

		rd_line(out, o, o ? (size_t)new[i].match : 0, op, &new[i], i);
		if (op == '!')
			rd_what(out, o, &new[i]);
	}
	buf_rtrim(out);
out:
	release_all(old, nr_old);
	release_all(new, nr);
	free(ids);
	return ret;
}
