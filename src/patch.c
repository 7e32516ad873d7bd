#include "patch.h"
#include "error.h"

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

static int make_patch(git_patch **out, const struct file_result *f, git_repository *git)
{
	git_diff_options opts;
	git_blob *blob = NULL;
	int ret = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 3;
	if (git_blob_lookup(&blob, git, &f->id) < 0)
		return error_git("cannot read '%s'", f->path);
	if (git_patch_from_blob_and_buffer(out, blob, f->path, f->converted.ptr,
					   f->converted.len, f->path, &opts) < 0)
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

static int digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static size_t scale(size_t it, size_t width, size_t max)
{
	return it && max > width ? 1 + it * (width - 1) / max : it;
}

static void put_graph(struct buf *out, const struct stat_row *r, size_t width, size_t max,
		      bool color)
{
	size_t a = scale(r->adds, width, max), d = scale(r->dels, width, max);

	if (a) {
		buf_puts(out, color ? COLOR_NEW : "");
		for (size_t i = 0; i < a; i++)
			buf_putc(out, '+');
		buf_puts(out, color ? COLOR_RESET : "");
	}
	if (d) {
		buf_puts(out, color ? COLOR_OLD : "");
		for (size_t i = 0; i < d; i++)
			buf_putc(out, '-');
		buf_puts(out, color ? COLOR_RESET : "");
	}
}

static void put_stat(struct buf *out, const struct stat_row *rows, size_t nr, bool color)
{
	size_t name_w = 0, max = 0, total_a = 0, total_d = 0, graph_w;
	int num_w;

	for (size_t i = 0; i < nr; i++) {
		size_t n = strlen(rows[i].path);

		name_w = n > name_w ? n : name_w;
		max = rows[i].adds + rows[i].dels > max ? rows[i].adds + rows[i].dels : max;
		total_a += rows[i].adds;
		total_d += rows[i].dels;
	}
	num_w = digits(max);
	graph_w = 80 > name_w + (size_t)num_w + 6 + 10 ? 80 - name_w - (size_t)num_w - 6 : 10;
	for (size_t i = 0; i < nr; i++) {
		buf_printf(out, " %-*s | %*zu ", (int)name_w, rows[i].path, num_w,
			   rows[i].adds + rows[i].dels);
		put_graph(out, &rows[i], graph_w, max, color);
		buf_rtrim(out);
		buf_putc(out, '\n');
	}
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
		put_stat(out, rows, nr, color);
	free(rows);
	return ret;
}
