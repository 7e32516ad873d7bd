#include "buildbatch.h"
#include "buildcheck.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What one commit changes, and whether it is only existing .c files. */
struct changes {
	struct strvec paths;
	bool only_c;
};

static int commit_changes(struct changes *out, git_repository *git, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	int ret = 0;

	out->only_c = git_commit_parentcount(c) == 1;
	if (!out->only_c)
		return 0;
	if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_commit_tree(&ptree, parent) < 0 ||
	    git_diff_tree_to_tree(&diff, git, ptree, tree, NULL) < 0) {
		ret = error_git("cannot diff commit %s", git_oid_tostr_s(git_commit_id(c)));
		goto out;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		strvec_push(&out->paths, d->new_file.path);
		out->only_c = out->only_c && d->status == GIT_DELTA_MODIFIED &&
			      str_ends_with(d->new_file.path, ".c");
	}
out:
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

/* Whether commit `k` of the segment shares a file with another of it. */
static bool shares_a_file(const struct changes *ch, size_t s, size_t e, size_t k)
{
	for (size_t j = s; j <= e; j++)
		for (size_t i = 0; j != k && i < ch[k].paths.nr; i++)
			if (strvec_find(&ch[j].paths, ch[k].paths.v[i]) >= 0)
				return true;
	return false;
}

static bool same_blob(git_tree *a, git_tree *b, const char *path)
{
	git_tree_entry *x = NULL, *y = NULL;
	bool same = !git_tree_entry_bypath(&x, a, path) && !git_tree_entry_bypath(&y, b, path) &&
		    git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(y));

	git_tree_entry_free(x);
	git_tree_entry_free(y);
	return same;
}

/*
 * Whether each file of commit `c` is at the segment's last tree what it
 * is at `c`, and before the segment what it is at c's parent.
 */
static int files_hold(bool *out, git_commit *c, const struct strvec *paths, git_tree *before,
		      git_tree *after)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	int ret = 0;

	if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&tree, c) < 0 ||
	    git_commit_tree(&ptree, parent) < 0) {
		ret = error_git("cannot read commit %s and its parent",
				git_oid_tostr_s(git_commit_id(c)));
		goto out;
	}
	*out = true;
	for (size_t i = 0; i < paths->nr && *out; i++)
		*out = same_blob(tree, after, paths->v[i]) && same_blob(ptree, before, paths->v[i]);
out:
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return ret;
}

static int segment_trees(git_tree **before, git_tree **after, git_commit *first, git_commit *last)
{
	git_commit *parent = NULL;
	int ret = 0;

	if (git_commit_parent(&parent, first, 0) < 0 || git_commit_tree(before, parent) < 0 ||
	    git_commit_tree(after, last) < 0)
		ret = error_git("cannot read the trees around commit %s",
				git_oid_tostr_s(git_commit_id(first)));
	git_commit_free(parent);
	return ret;
}

/* The group of segment commits s..e: those that share no file, files checked. */
static int group_segment(struct batch_plan *p, git_commit *const *commits,
			 const struct changes *ch, size_t s, size_t e)
{
	git_tree *before = NULL, *after = NULL;
	struct batch_group g = { NULL, 0, { { 0 } }, { { 0 } }, STRVEC_INIT, NULL };
	int ret;

	if ((ret = segment_trees(&before, &after, commits[s], commits[e])) < 0)
		goto out;
	g.commits = xcalloc(e - s + 1, sizeof(*g.commits));
	for (size_t k = s; k <= e && !ret; k++) {
		bool hold = false;

		if (!shares_a_file(ch, s, e, k) &&
		    !(ret = files_hold(&hold, commits[k], &ch[k].paths, before, after)) && hold)
			g.commits[g.nr++] = k;
	}
	if (ret || g.nr < 2)
		goto out;
	g.before = *git_tree_id(before);
	g.after = *git_tree_id(after);
	g.own = xcalloc(g.nr, sizeof(*g.own));
	for (size_t k = s; k <= e; k++)
		strvec_push_unique(&g.changed, &ch[k].paths);
	for (size_t i = 0; i < g.nr; i++) {
		g.own[i] = (struct strvec)STRVEC_INIT;
		strvec_push_unique(&g.own[i], &ch[g.commits[i]].paths);
	}
	for (size_t i = 0; i < g.nr; i++)
		p->group_of[g.commits[i]] = p->nr;
	p->v = xrealloc(p->v, (p->nr + 1) * sizeof(*p->v));
	p->v[p->nr++] = g;
	g = (struct batch_group){ NULL, 0, { { 0 } }, { { 0 } }, STRVEC_INIT, NULL };
out:
	free(g.commits);
	git_tree_free(before);
	git_tree_free(after);
	return ret;
}

/* Whether commit i+1 goes on the segment of commit i. */
static bool continues(git_commit *const *commits, const struct changes *ch, size_t i)
{
	return ch[i + 1].only_c &&
	       git_oid_equal(git_commit_parent_id(commits[i + 1], 0), git_commit_id(commits[i]));
}

int batch_plan_make(struct batch_plan *out, git_repository *git, git_commit *const *commits,
		    size_t nr)
{
	struct changes *ch = xcalloc(nr ? nr : 1, sizeof(*ch));
	int ret = 0;

	out->group_of = xcalloc(nr ? nr : 1, sizeof(*out->group_of));
	for (size_t i = 0; i < nr; i++) {
		out->group_of[i] = BATCH_ALONE;
		ch[i].paths = (struct strvec)STRVEC_INIT;
	}
	for (size_t i = 0; i < nr && !ret; i++)
		ret = commit_changes(&ch[i], git, commits[i]);
	for (size_t i = 0; i < nr && !ret; i++) {
		size_t s = i;

		if (!ch[i].only_c)
			continue;
		while (i + 1 < nr && continues(commits, ch, i))
			i++;
		ret = group_segment(out, commits, ch, s, i);
	}
	for (size_t i = 0; i < nr; i++)
		strvec_clear(&ch[i].paths);
	free(ch);
	return ret;
}

void batch_plan_release(struct batch_plan *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		for (size_t k = 0; k < p->v[i].nr; k++)
			strvec_clear(&p->v[i].own[k]);
		free(p->v[i].own);
		strvec_clear(&p->v[i].changed);
		free(p->v[i].commits);
	}
	free(p->v);
	free(p->group_of);
	*p = (struct batch_plan)BATCH_PLAN_INIT;
}

/* "  CC [M]  fs/a.o": kbuild's line for objs->v[k] (k), or -1. */
static int kbuild_line(const struct strvec *objs, const char *line, size_t n)
{
	const char *last = line + n;
	char *word;
	int k;

	if (n < 4 || strncmp(line, "  ", 2) || line[2] < 'A' || line[2] > 'Z' ||
	    memchr(line, ':', n))
		return -1;
	while (last > line && last[-1] != ' ')
		last--;
	word = xstrndup(last, (size_t)(line + n - last));
	k = strvec_find(objs, word);
	free(word);
	return k;
}

/* The object whose source ("fs/a.c:...") or object ("fs/a.o: ...") the line names, or -1. */
static int named_object(const struct strvec *objs, const char *line, size_t n, const char *src)
{
	size_t skip = strlen(src), len;
	char *obj;
	int k;

	if (skip && n > skip && !strncmp(line, src, skip) && line[skip] == '/') {
		line += skip + 1;
		n -= skip + 1;
	}
	len = strcspn(line, ":\n");
	if (len > n || len < 3 || line[len - 2] != '.' || (line[len - 1] != 'c' && line[len - 1] != 'o'))
		return -1;
	obj = xstrndup(line, len);
	obj[len - 1] = 'o';
	k = strvec_find(objs, obj);
	free(obj);
	return k;
}

/* Whether the line's subject ("x.h:3:1: ...") is a source or object file. */
static bool names_a_source(const char *line, size_t n, const char *src)
{
	size_t skip = strlen(src), len;

	if (skip && n > skip && !strncmp(line, src, skip) && line[skip] == '/')
		line += skip + 1;
	len = strcspn(line, ":\n");
	return len >= 3 && line[len - 2] == '.' && strchr("chSo", line[len - 1]);
}

size_t batch_attribute(struct buf *per_obj, const struct strvec *objs, const char *out,
		       const char *src)
{
	size_t lost = 0;
	int block = -1;

	for (const char *p = out; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		int k = kbuild_line(objs, p, n), named;

		if (k >= 0) {
			block = k;
		} else {
			named = named_object(objs, p, n, src);
			k = block >= 0 ? block : named;
			/* Lines of two compiles mixed: no telling whose it is. */
			if (named >= 0 && named != k)
				k = -1;
			if (k >= 0)
				buf_printf(&per_obj[k], "%.*s\n", (int)n, p);
			else if (buildcheck_is_diag(p, n) && names_a_source(p, n, src))
				lost++;
		}
		p = *nl ? nl + 1 : nl;
	}
	return lost;
}

/* "fs/afs/mntpt.o" -> "DIR/fs/afs/.mntpt.o.cmd" */
static void cmd_file(struct buf *out, const char *dir, const char *obj)
{
	const char *slash = strrchr(obj, '/'), *base = slash ? slash + 1 : obj;

	buf_printf(out, "%s/%.*s.%s.cmd", dir, (int)(base - obj), obj, base);
}

/*
 * "lib/../mm/t.c" -> "mm/t.c", "a/./b.c" -> "a/b.c", in place: what a
 * compiler writes for #include "../mm/t.c", as the tree names the file.
 */
static void collapse_dots(char *path)
{
	char *seg[64], *out = path + (*path == '/');
	size_t len[64], nr = 0;

	for (char *p = out; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && !strncmp(p, "..", 2) && nr && !(len[nr - 1] == 2 && *seg[nr - 1] == '.'))
			nr--;
		else if (n && !(n == 1 && *p == '.') && nr < 64)
			seg[nr] = p, len[nr++] = n;
		else if (n && !(n == 1 && *p == '.'))
			return;		/* too deep to bother: left as it is */
		p += n + (p[n] == '/');
	}
	for (size_t i = 0; i < nr; i++) {
		memmove(out, seg[i], len[i]);	/* never ahead of what it reads */
		out += len[i];
		if (i + 1 < nr)
			*out++ = '/';
	}
	*out = '\0';
}

bool batch_reads_foreign(const struct batch_group *g, size_t k, const char *dir,
			 const char *obj, const char *src)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	size_t skip = strlen(src);
	bool foreign = false;

	cmd_file(&path, dir, obj);
	if (access(path.ptr, R_OK) || buf_read_file(&text, path.ptr) < 0)
		goto out;
	for (char *p = text.ptr, *tok; !foreign && (tok = strtok_r(p, " \t\n\\", &p));) {
		if (!strncmp(tok, src, skip) && tok[skip] == '/')
			tok += skip + 1;
		collapse_dots(tok);
		foreign = strvec_find(&g->changed, tok) >= 0 && strvec_find(&g->own[k], tok) < 0;
	}
out:
	buf_release(&path);
	buf_release(&text);
	return foreign;
}
