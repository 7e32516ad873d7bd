#include "trailers.h"
#include "error.h"
#include "range_diff.h"
#include "series_run.h"

#include <stdlib.h>
#include <string.h>

static const char *const review_tags[] = { "Acked-by: ", "Reviewed-by: ", "Tested-by: " };

static bool is_review(const char *line)
{
	for (size_t i = 0; i < sizeof(review_tags) / sizeof(review_tags[0]); i++)
		if (!strncmp(line, review_tags[i], strlen(review_tags[i])))
			return true;
	return false;
}

/* Where the last paragraph (the trailer block) of a message starts. */
static size_t trailer_block(const char *msg)
{
	size_t len = strlen(msg);
	const char *p;

	while (len && msg[len - 1] == '\n')
		len--;
	for (p = msg + len; p > msg; p--)
		if (p[-1] == '\n' && p - 1 > msg && p[-2] == '\n')
			return (size_t)(p - msg);
	return len;
}

/* The review trailer lines of `msg`, one per line. */
static void review_lines(struct strvec *out, const char *msg)
{
	for (const char *p = msg + trailer_block(msg); *p;) {
		const char *nl = strchrnul(p, '\n');

		if (is_review(p))
			strvec_pushf(out, "%.*s", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

/*
 * The new message with the old one's trailer block order: its review
 * trailers and our Signed-off-by where the old message had them.
 */
static char *with_trailers(const char *now, const char *before)
{
	size_t at = trailer_block(now);
	struct buf out = BUF_INIT, ours = BUF_INIT;
	bool signed_off = false;

	buf_add(&out, now, at);
	buf_puts(&ours, now + at);
	buf_rtrim(&ours);
	for (const char *p = before + trailer_block(before); *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);

		if (is_review(p)) {
			buf_printf(&out, "%.*s\n", (int)n, p);
		} else if (n == ours.len && !strncmp(p, ours.ptr, n)) {
			buf_printf(&out, "%s\n", ours.ptr);
			signed_off = true;
		}
		p = *nl ? nl + 1 : nl;
	}
	if (!signed_off)
		buf_printf(&out, "%s\n", ours.ptr);
	buf_release(&ours);
	return buf_detach(&out, NULL);
}

static void note_dropped(struct buf *changes, const char *which, size_t nr,
			 const struct strvec *lines, const char *why)
{
	for (size_t i = 0; i < lines->nr; i++)
		buf_printf(changes, "- Dropped %s from %s %zu: %s\n", lines->v[i], which, nr, why);
}

static int carry_series(bool *changed, struct series_run *run, struct series *s)
{
	struct rd_commit *old = xcalloc(s->st.nr_old + 1, sizeof(*old));
	struct rd_commit *new = xcalloc(s->nr + 1, sizeof(*new));
	int ret = 0;

	for (size_t j = 0; j < s->st.nr_old && !ret; j++)
		ret = rd_commit_load(&old[j], run->r.git, &s->st.old[j]);
	for (size_t i = 0; i < s->nr && !ret; i++)
		ret = rd_commit_load(&new[i], run->r.git, &run->commits[s->patches[i]]);
	if (!ret)
		rd_pair(old, s->st.nr_old, new, s->nr);
	for (size_t j = 0; j < s->st.nr_old && !ret; j++) {
		struct strvec lines = STRVEC_INIT;
		struct rd_commit *n = old[j].match >= 0 ? &new[old[j].match] : NULL;
		char **msg = n ? &run->messages[s->patches[old[j].match]] : NULL;

		review_lines(&lines, old[j].message);
		if (lines.nr && !n) {
			note_dropped(&s->changes, "old patch", j + 1, &lines, "it is gone");
		} else if (lines.nr && strcmp(old[j].changed.ptr, n->changed.ptr)) {
			note_dropped(&s->changes, "patch", (size_t)old[j].match + 1, &lines,
				     "its conversion changed");
		} else if (lines.nr) {
			char *carried = with_trailers(*msg, old[j].message);

			free(*msg);
			*msg = carried;
			*changed = true;
		}
		strvec_clear(&lines);
	}
	for (size_t j = 0; j < s->st.nr_old; j++)
		rd_commit_release(&old[j]);
	for (size_t i = 0; i < s->nr; i++)
		rd_commit_release(&new[i]);
	free(old);
	free(new);
	return ret;
}

int trailers_carry(struct series_run *run)
{
	int ret = 0;

	for (size_t i = 0; i < run->set.nr && !ret; i++) {
		struct series *s = &run->set.v[i];
		bool changed = false;

		if (!s->st.found || !s->st.nr_old)
			continue;
		if (!(ret = carry_series(&changed, run, s)) && changed)
			ret = series_run_commit(run, s);
	}
	return ret;
}
