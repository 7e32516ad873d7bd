#include "patch.h"
#include "error.h"

#include <git2/sys/repository.h>

#include <stdlib.h>
#include <string.h>

#define COLOR_META "\033[1m"
#define COLOR_FRAG "\033[36m"
#define COLOR_OLD "\033[31m"
#define COLOR_NEW "\033[32m"
#define COLOR_RESET "\033[m"

struct print_state {
	struct buf *out;
	bool color;
};

static void put_colored(struct buf *out, const char *color, char origin,
			const char *text, size_t len)
{
	bool nl = len && text[len - 1] == '\n';

	if (color)
		buf_puts(out, color);
	if (origin)
		buf_putc(out, origin);
	buf_add(out, text, nl ? len - 1 : len);
	if (color)
		buf_puts(out, COLOR_RESET);
	buf_putc(out, '\n');
}

/* Color each header line bold, and only the "@@ ... @@" part of a hunk line. */
static void put_header(struct print_state *s, const git_diff_line *l)
{
	const char *p = l->content, *end = p + l->content_len;

	if (l->origin == GIT_DIFF_LINE_HUNK_HDR) {
		const char *close = s->color ? strstr(p + 2, "@@") : NULL;

		if (close && close < end) {
			close += 2;
			buf_puts(s->out, COLOR_FRAG);
			buf_add(s->out, p, (size_t)(close - p));
			buf_puts(s->out, COLOR_RESET);
			p = close;
		}
		buf_add(s->out, p, (size_t)(end - p));
		return;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		put_colored(s->out, s->color ? COLOR_META : NULL, 0, p, n);
		p += n;
	}
}

static int print_line(const git_diff_delta *d, const git_diff_hunk *h,
		      const git_diff_line *l, void *payload)
{
	struct print_state *s = payload;

	(void)d;
	(void)h;
	switch (l->origin) {
	case GIT_DIFF_LINE_FILE_HDR:
	case GIT_DIFF_LINE_HUNK_HDR:
		put_header(s, l);
		break;
	case GIT_DIFF_LINE_ADDITION:
		put_colored(s->out, s->color ? COLOR_NEW : NULL, '+', l->content, l->content_len);
		break;
	case GIT_DIFF_LINE_DELETION:
		put_colored(s->out, s->color ? COLOR_OLD : NULL, '-', l->content, l->content_len);
		break;
	case GIT_DIFF_LINE_CONTEXT:
		put_colored(s->out, NULL, ' ', l->content, l->content_len);
		break;
	default: {	/* "\n\\ No newline at end of file\n" markers */
		const char *p = l->content;
		size_t n = l->content_len;

		if (n && *p == '\n') {	/* put_colored() ended the line already */
			p++;
			n--;
		}
		buf_add(s->out, p, n);
		break;
	}
	}
	return 0;
}

/* Put the tree's DIR.gitattributes (DIR "" or "a/b/") in idx, if it has one. */
static int add_attributes_of(git_index *idx, git_tree *tree, const char *path, size_t dir_len)
{
	struct buf name = BUF_INIT;
	git_tree_entry *e = NULL;
	git_index_entry ie;
	int ret = 0;

	buf_printf(&name, "%.*s.gitattributes", (int)dir_len, path);
	if (git_index_get_bypath(idx, name.ptr, 0) ||
	    git_tree_entry_bypath(&e, tree, name.ptr) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		goto out;
	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.path = name.ptr;
	git_oid_cpy(&ie.id, git_tree_entry_id(e));
	if (git_index_add(idx, &ie) < 0)
		ret = error_git("cannot note '%s'", name.ptr);
out:
	git_tree_entry_free(e);
	buf_release(&name);
	return ret;
}

int patch_use_tree_attributes(git_repository *git, git_tree *tree, const struct results *res)
{
	git_index *idx = NULL;
	int ret = 0;

	if (git_index_new(&idx) < 0)
		return error_git("cannot make an index");
	for (size_t i = 0; i < res->nr && !ret; i++) {
		const char *path = res->v[i].path;

		ret = add_attributes_of(idx, tree, path, 0);
		for (const char *p = path; !ret && (p = strchr(p, '/')); p++)
			ret = add_attributes_of(idx, tree, path, (size_t)(p - path) + 1);
	}
	if (!ret && git_repository_set_index(git, idx) < 0)
		ret = error_git("cannot use the attributes of the base tree");
	git_index_free(idx);
	return ret;
}

static int make_patch(git_patch **out, const struct file_result *f, git_repository *git)
{
	git_diff_options opts;
	git_blob *blob = NULL;
	int ret = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 3;
	if (!f->blob && git_blob_lookup(&blob, git, &f->id) < 0)
		return error_git("cannot read '%s'", f->path);
	if (git_patch_from_blob_and_buffer(out, f->blob ? f->blob : blob, f->path,
					   f->converted.ptr, f->converted.len, f->path, &opts) < 0)
		ret = error_git("cannot diff '%s'", f->path);
	git_blob_free(blob);
	return ret;
}

int patch_format(struct buf *out, const struct file_result *f, git_repository *git, bool color)
{
	struct print_state s = { out, color };
	git_patch *patch = NULL;
	int ret;

	if (!f->changed)
		return 0;
	if ((ret = make_patch(&patch, f, git)) < 0)
		return ret;
	if (git_patch_print(patch, print_line, &s) < 0)
		ret = error_git("cannot format the diff of '%s'", f->path);
	git_patch_free(patch);
	return ret;
}

struct stat_row {
	const char *path;
	size_t adds, dels;
};


static size_t scale_linear(size_t it, size_t width, size_t max)
{
	return it ? 1 + it * (width - 1) / max : 0;
}

static void put_bar(struct buf *out, const char *color, char c, size_t n)
{
	if (!n)
		return;
	buf_puts(out, color ? color : "");
	for (size_t i = 0; i < n; i++)
		buf_putc(out, c);
	buf_puts(out, color ? COLOR_RESET : "");
}

/* git's show_stats(): graph scaled only when it does not fit. */
static void put_graph(struct buf *out, const struct stat_row *r, size_t width, size_t max,
		      bool color)
{
	size_t add = r->adds, del = r->dels;

	if (width <= max) {
		size_t total = scale_linear(add + del, width, max);

		if (total < 2 && add && del)
			total = 2;
		if (add < del) {
			add = scale_linear(add, width, max);
			del = total - add;
		} else {
			del = scale_linear(del, width, max);
			add = total - del;
		}
	}
	put_bar(out, color ? COLOR_NEW : NULL, '+', add);
	put_bar(out, color ? COLOR_OLD : NULL, '-', del);
}

/* Share `width` columns between names, counts and graph as git does. */
static void stat_widths(size_t *name_w, size_t *graph_w, size_t width, size_t max_len,
			size_t max_change, size_t num_w)
{
	if (width < 16 + 6 + num_w)
		width = 16 + 6 + num_w;
	*graph_w = max_change;
	*name_w = max_len;
	if (*name_w + num_w + 6 + *graph_w <= width)
		return;
	if ((long)*graph_w > (long)(width * 3 / 8) - (long)num_w - 6) {
		long g = (long)(width * 3 / 8) - (long)num_w - 6;

		*graph_w = g < 6 ? 6 : (size_t)g;
	}
	if (*name_w > width - num_w - 6 - *graph_w)
		*name_w = width - num_w - 6 - *graph_w;
	else
		*graph_w = width - num_w - 6 - *name_w;
}

static void put_name(struct buf *out, const char *name, size_t name_w)
{
	size_t len = strlen(name), room = name_w;
	const char *prefix = "";

	if (name_w < len) {
		const char *slash;

		prefix = "...";
		room = name_w > 3 ? name_w - 3 : 0;
		name += len - room;
		if ((slash = strchr(name, '/')))
			name = slash;
	}
	buf_printf(out, " %s%s%*s", prefix, name, (int)(room > strlen(name) ? room - strlen(name) : 0),
		   "");
}

static void put_stat(struct buf *out, const struct stat_row *rows, size_t nr, size_t width,
		     bool color)
{
	size_t max_len = 0, max = 0, total_a = 0, total_d = 0, name_w, graph_w;
	char **names = xcalloc(nr + 1, sizeof(*names));
	int num_w;

	for (size_t i = 0; i < nr; i++) {
		struct buf quoted = BUF_INIT;

		buf_quote_path(&quoted, rows[i].path);
		max_len = quoted.len > max_len ? quoted.len : max_len;
		names[i] = buf_detach(&quoted, NULL);
		max = rows[i].adds + rows[i].dels > max ? rows[i].adds + rows[i].dels : max;
		total_a += rows[i].adds;
		total_d += rows[i].dels;
	}
	num_w = decimal_digits(max);
	stat_widths(&name_w, &graph_w, width, max_len, max, (size_t)num_w);
	for (size_t i = 0; i < nr; i++) {
		size_t n = rows[i].adds + rows[i].dels;

		put_name(out, names[i], name_w);
		buf_printf(out, " | %*zu%s", num_w, n, n ? " " : "");
		put_graph(out, &rows[i], graph_w, max, color);
		buf_putc(out, '\n');
		free(names[i]);
	}
	free(names);
	buf_printf(out, " %zu file%s changed", nr, nr == 1 ? "" : "s");
	if (total_a)
		buf_printf(out, ", %zu insertion%s(+)", total_a, total_a == 1 ? "" : "s");
	if (total_d)
		buf_printf(out, ", %zu deletion%s(-)", total_d, total_d == 1 ? "" : "s");
	buf_putc(out, '\n');
}

int patch_stat(struct buf *out, const struct results *res, git_repository *git, bool color)
{
	struct stat_row *rows = xcalloc(res->nr + 1, sizeof(*rows));
	size_t nr = 0;
	int ret = 0;

	for (size_t i = 0; i < res->nr && !ret; i++) {
		git_patch *patch = NULL;
		size_t ctx;

		if (!res->v[i].changed)
			continue;
		if ((ret = make_patch(&patch, &res->v[i], git)) < 0)
			break;
		git_patch_line_stats(&ctx, &rows[nr].adds, &rows[nr].dels, patch);
		rows[nr++].path = res->v[i].path;
		git_patch_free(patch);
	}
	if (!ret && nr)
		put_stat(out, rows, nr, 80, color);
	free(rows);
	return ret;
}

static int collect_rows(struct stat_row **out, size_t *nr, git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);

	*out = xcalloc(n + 1, sizeof(**out));
	*nr = 0;
	for (size_t i = 0; i < n; i++) {
		git_patch *patch = NULL;
		size_t ctx;

		if (git_patch_from_diff(&patch, diff, i) < 0)
			return error_git("cannot diff '%s'", git_diff_get_delta(diff, i)->new_file.path);
		git_patch_line_stats(&ctx, &(*out)[*nr].adds, &(*out)[*nr].dels, patch);
		(*out)[(*nr)++].path = git_diff_get_delta(diff, i)->new_file.path;
		git_patch_free(patch);
	}
	return 0;
}

/* Only `paths` (literal, NULL: all): libgit2 then skips the other subtrees. */
static void limit_to(git_diff_options *opts, const struct strvec *paths)
{
	if (!paths)
		return;
	opts->pathspec.strings = paths->v;
	opts->pathspec.count = paths->nr;
	opts->flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
}

int patch_format_trees(struct buf *diff_out, struct buf *stat_out, git_repository *git,
		       git_tree *old, git_tree *new, const struct strvec *paths,
		       size_t stat_width)
{
	struct print_state s = { diff_out, false };
	git_diff_options opts;
	git_diff *diff = NULL;
	struct stat_row *rows = NULL;
	size_t nr = 0;
	int ret = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 3;
	limit_to(&opts, paths);
	if (git_diff_tree_to_tree(&diff, git, old, new, &opts) < 0)
		return error_git("cannot diff two trees");
	if (stat_out && !(ret = collect_rows(&rows, &nr, diff)) && nr)
		put_stat(stat_out, rows, nr, stat_width, false);
	if (!ret && diff_out && git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, &s) < 0)
		ret = error_git("cannot format a diff");
	free(rows);
	git_diff_free(diff);
	return ret;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct stat_row *)a)->path, ((const struct stat_row *)b)->path);
}

int patch_stat_trees(struct buf *out, git_repository *git, git_tree **olds, git_tree **news,
		     size_t nr, const struct strvec *paths, size_t width)
{
	struct stat_row *all = NULL;
	git_diff **diffs = xcalloc(nr + 1, sizeof(*diffs));
	size_t total = 0, alloc = 0;
	int ret = 0;

	for (size_t i = 0; i < nr && !ret; i++) {
		git_diff_options opts;
		struct stat_row *rows = NULL;
		size_t n = 0;

		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		limit_to(&opts, paths);
		if (git_diff_tree_to_tree(&diffs[i], git, olds[i], news[i], &opts) < 0) {
			ret = error_git("cannot diff two trees");
			break;
		}
		if (!(ret = collect_rows(&rows, &n, diffs[i])))
			for (size_t j = 0; j < n; j++) {
				ALLOC_GROW(all, total, alloc);
				all[total++] = rows[j];
			}
		free(rows);
	}
	if (!ret && total) {
		qsort(all, total, sizeof(*all), by_path);
		put_stat(out, all, total, width, false);
	}
	for (size_t i = 0; i < nr; i++)
		git_diff_free(diffs[i]);
	free(diffs);
	free(all);
	return ret;
}
