#include "cover.h"
#include "error.h"
#include "fs.h"
#include "mail.h"
#include "message.h"
#include "patch.h"
#include "range_diff.h"
#include "series_run.h"

#include <stdlib.h>
#include <string.h>

/* What a patch does beyond plain conversions: "memcpy_from_page(), preempt_disable() kept". */
static void patch_words(struct buf *out, const struct plan_patch *p)
{
	struct strvec parts = STRVEC_INIT;

	for (size_t i = 0; i < p->nr_sites; i++) {
		const char *v = p->sites[i].site->verdict;
		struct buf w = BUF_INIT;

		if (verdict_kind(v) == VERDICT_HELPER)
			buf_printf(&w, "%s()", v + 7);
		else if (!strcmp(v, "local+pagefault_disable"))
			buf_puts(&w, "pagefault_disable() kept");
		else if (!strcmp(v, "local+preempt_disable"))
			buf_puts(&w, "preempt_disable() kept");
		if (w.len && strvec_find(&parts, w.ptr) < 0)
			strvec_push(&parts, w.ptr);
		buf_release(&w);
	}
	for (size_t i = 0; i < parts.nr; i++)
		buf_printf(out, "%s%s", i ? ", " : " (", parts.v[i]);
	if (parts.nr)
		buf_putc(out, ')');
	strvec_clear(&parts);
}

/* Each patch once, with what it does in words. */
static void cover_summary(struct buf *out, const struct series *s, const struct plan *plan)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct plan_patch *p = &plan->v[s->patches[i]];

		buf_printf(out, "- %zu/%zu %s", i + 1, s->nr, p->subject);
		patch_words(out, p);
		buf_putc(out, '\n');
	}
	buf_rtrim(out);
}

/* "a, b and c" */
static void name_list(struct buf *out, struct arch *const *arches, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		buf_printf(out, "%s%s", i ? (i + 1 == nr ? " and " : ", ") : "", arches[i]->name);
}

/* How the series was checked, in one sentence. */
static void cover_checked(struct buf *out, const struct series_run *run)
{
	/* not "Checked: ...": b4 would take a last paragraph of "Word: ..." for trailers */
	buf_puts(out, "The Coccinelle rules checked the reasons and the unmap order; ");
	if (run->built) {
		const struct build_matrix *m = &run->matrix;
		size_t sel = m->nr_selected < m->nr_arches ? m->nr_selected : m->nr_arches;

		buf_puts(out, "compiled on ");
		name_list(out, m->arches, sel);
		if (m->nr_arches > sel) {
			buf_puts(out, ", and for the commits that need them on ");
			name_list(out, m->arches + sel, m->nr_arches - sel);
		}
		buf_puts(out, " (below)");
	} else {
		buf_puts(out, "not compile-tested");
	}
	buf_puts(out, run->verified ? "; run on i386 HIGHMEM with the kmap debug options under "
		 "qemu (below)." : "; not run-time tested.");
}

static bool file_in_series(const struct series *s, const struct plan *plan, const char *path)
{
	for (size_t i = 0; i < s->nr; i++) {
		const struct plan_patch *p = &plan->v[s->patches[i]];

		for (size_t f = 0; f < p->nr; f++)
			if (!strcmp(p->files[f]->path, path))
				return true;
	}
	return false;
}

/* Why a site was left alone, in words rather than its flag. */
static const char *flag_words(const char *flag)
{
	static const char *const words[][2] = {
		{ "depends-on-atomic", "relies on kmap_atomic() disabling page faults or preemption" },
		{ "cross-function", "mapped and unmapped in different functions" },
		{ "cpu-local", "relies on staying on one CPU" },
		{ "escapes:struct-field", "the address is stored in a structure" },
		{ "escapes:return", "the address is returned" },
		{ "escapes:array", "the address is stored in an array" },
		{ "escapes:global", "the address is stored in a global" },
		{ "escapes:deferred-work", "the address is handed to deferred work" },
		{ "page-address-after-kmap", "page_address() is used while mapped" },
		{ "unmap-address", "unmapped by another address than the mapped one" },
		{ "unmap-order", "the unmaps cannot be put in reverse order of mapping" },
		{ "nesting>15", "more than 15 mappings are held at once" },
		{ "result-ignored", "the mapped address is not used" },
		{ "macro", "the mapping is inside a macro" },
		{ "unparsed", "Coccinelle could not parse the function" },
		{ "no-rule", "no rule covers this use" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(flag, words[i][0]))
			return words[i][1];
	return flag;
}

/* Flagged sites: all of them for one series, else those in the series' files. */
static void cover_flagged(struct buf *out, const struct series *s, const struct series_run *run,
			  bool all)
{
	const struct results *res = run->plan.flagged_from;
	size_t n = 0;

	for (size_t i = 0; res && i < res->nr; i++) {
		const struct file_result *f = &res->v[i];

		if (!all && !file_in_series(s, &run->plan, f->path))
			continue;
		for (size_t j = 0; j < f->nr_sites; j++) {
			const struct site *site = &f->sites[j];

			if (verdict_converts(site->verdict))
				continue;
			if (!n++)
				buf_puts(out, "Sites left for a human (not converted, see"
					      " 'kmap-local scan' for the evidence):\n");
			buf_puts(out, "- ");
			buf_quote_path(out, f->path);
			buf_printf(out, ":%u %s(): %s\n", site->line, site->function,
				   flag_words(site->verdict + 5));
		}
	}
	buf_rtrim(out);
}

static void cover_title(struct buf *out, const struct series *s, const struct plan *plan)
{
	const char *prefix = plan->v[s->patches[0]].prefix;

	for (size_t i = 1; i < s->nr && prefix; i++)
		if (strcmp(plan->v[s->patches[i]].prefix, prefix))
			prefix = NULL;
	if (prefix)
		buf_printf(out, "%s: ", prefix);
	buf_puts(out, "Convert kmap_atomic() and kmap() to kmap_local_page()");
}

static int cover_body(struct buf *out, const struct series *s, const struct series_run *run,
		      bool treewide)
{
	struct strvec vars = STRVEC_INIT;
	struct buf summary = BUF_INIT, flagged = BUF_INIT, checked = BUF_INIT;
	size_t sites = 0, files = 0;
	int ret;

	for (size_t i = 0; i < s->nr; i++) {
		sites += run->plan.v[s->patches[i]].nr_sites;
		files += run->plan.v[s->patches[i]].nr;
	}
	cover_summary(&summary, s, &run->plan);
	cover_flagged(&flagged, s, run, treewide);
	if (series_has_cover(s))
		strvec_pushf(&vars, "what=%zu call site%s in %zu file%s, in %zu patches", sites,
			     sites == 1 ? "" : "s", files, files == 1 ? "" : "s", s->nr);
	else
		strvec_pushf(&vars, "what=%zu call site%s in %zu file%s", sites,
			     sites == 1 ? "" : "s", files, files == 1 ? "" : "s");
	strvec_pushf(&vars, "summary=%s", summary.ptr);
	strvec_pushf(&vars, "routing=%s", treewide ?
		     "The patches do not depend on each other: each maintainer can take"
		     " the patches for their files through their own tree." :
		     "The patches do not depend on each other or on the rest of the"
		     " tree-wide conversion; please take them through your tree.");
	strvec_pushf(&vars, "flagged=%s", flagged.ptr);
	cover_checked(&checked, run);
	strvec_pushf(&vars, "checked=%s", checked.ptr);
	ret = message_render(out, run->templates, series_has_cover(s) ? "cover" : "cover-one",
			     &vars);
	strvec_clear(&vars);
	buf_release(&summary);
	buf_release(&flagged);
	buf_release(&checked);
	return ret;
}

static void cover_dropped(struct buf *out, const struct series_run *run)
{
	size_t n = 0;

	for (size_t i = 0; run->drop && i < run->plan.nr; i++)
		if (run->drop[i])
			buf_printf(out, "%s  %s\n", n++ ? "" : "Left out, they do not build:\n",
				   run->plan.v[i].subject);
	if (n)
		buf_putc(out, '\n');
}

static void cover_shortlog(struct buf *out, const struct series *s, const struct series_run *run)
{
	buf_printf(out, "%s (%zu):\n", run->id.name, s->nr);
	for (size_t i = 0; i < s->nr; i++)
		buf_printf(out, "  %s\n", run->plan.v[s->patches[i]].subject);
	buf_putc(out, '\n');
}

static int cover_stat(struct buf *out, const struct series *s, const struct series_run *run)
{
	git_tree **olds = xcalloc(s->nr, sizeof(*olds)), **news = xcalloc(s->nr, sizeof(*news));
	struct strvec paths = STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; i < s->nr && !ret; i++) {
		const struct plan_patch *p = &run->plan.v[s->patches[i]];
		git_commit *c = NULL;

		for (size_t f = 0; f < p->nr; f++)
			strvec_push(&paths, p->files[f]->path);
		ret = commit_read_trees(&olds[i], &news[i], &c, run->r.git, &run->commits[s->patches[i]]);
		git_commit_free(c);
	}
	if (!ret)
		ret = patch_stat_trees(out, run->r.git, olds, news, s->nr, &paths,
				       MAIL_STAT_WIDTH);
	for (size_t i = 0; i < s->nr; i++) {
		git_tree_free(olds[i]);
		git_tree_free(news[i]);
	}
	free(olds);
	free(news);
	strvec_clear(&paths);
	return ret;
}

/* "Changes in vN": notes, the link to v(N-1) and the range-diff. */
static int cover_changes(struct buf *out, const struct series *s, const struct series_run *run,
			 const git_oid *ids)
{
	struct buf rd = BUF_INIT;
	int ret;

	if (!s->st.has_prev)
		return 0;
	if ((ret = range_diff(&rd, run->r.git, &s->st, ids, s->nr)) < 0)
		goto out;
	buf_printf(out, "Changes in v%d:\n%s", s->st.version, s->changes.ptr);
	if (!git_oid_equal(&s->st.prev_base, git_commit_id(run->r.base_commit)))
		buf_printf(out, "- Rebased onto %.12s\n", run->r.base_hex);
	else if (!s->changes.len)
		buf_puts(out, "- Regenerated; the range-diff below has the differences\n");
	if (s->st.prev_msgid)
		buf_printf(out, "- Link to v%d: https://lore.kernel.org/r/%s\n", s->st.version - 1,
			   s->st.prev_msgid);
	buf_printf(out, "\n%s", rd.ptr);
out:
	buf_release(&rd);
	return ret;
}

/* Below the cover's "---": checkpatch, the build matrix, run-time results, left-out patches. */
static void cover_notes(struct buf *out, const struct series *s, const struct series_run *run,
			const git_oid *ids)
{
	if (s->cp.notes.len)
		buf_printf(out, "%s\n", s->cp.notes.ptr);
	if (run->built) {
		buildcheck_format(out, &run->matrix, ids, s->nr);
		buf_putc(out, '\n');
	}
	if (run->verified) {
		verify_format(out, &run->verify, ids, s->nr);
		buf_putc(out, '\n');
	}
	cover_dropped(out, run);
}

/* 0000-cover-letter.patch of a series of more than one patch. */
static int cover_mail(const struct series *s, const struct series_run *run, const char *subject,
		      const char *body, const git_oid *ids)
{
	struct buf mail = BUF_INIT, stat = BUF_INIT, msgid = BUF_INIT;
	const git_oid *tip = &run->commits[s->patches[s->nr - 1]];
	int ret;

	if ((ret = cover_stat(&stat, s, run)) < 0)
		goto out;
	series_cover_msgid(&msgid, s, run);
	mail_header(&mail, &(struct mail){ git_oid_tostr_s(tip), msgid.ptr, NULL, subject,
					   &s->to, &s->cc, &run->o->to, &run->o->cc, &run->id,
					   !mail_is_ascii(run->id.name, strlen(run->id.name)) });
	buf_printf(&mail, "%s\n\n---\n", body);
	cover_notes(&mail, s, run, ids);
	cover_shortlog(&mail, s, run);
	buf_printf(&mail, "%s\nbase-commit: %s\nchange-id: %s\n", stat.ptr, run->r.base_hex,
		   s->st.change_id);
	mail_signature(&mail, &run->style);
	ret = write_file_p(s->files.v[0], mail.ptr, mail.len);
out:
	buf_release(&mail);
	buf_release(&stat);
	buf_release(&msgid);
	return ret;
}

/* A lone patch: the cover text below its "---", as b4 sends it. */
static int cover_mix_in(const struct series *s, const struct series_run *run, const char *body,
			const git_oid *ids)
{
	struct buf cover = BUF_INIT, basement = BUF_INIT;
	int ret;

	buf_printf(&cover, "%s\n", body);
	cover_notes(&basement, s, run, ids);
	if (basement.len)
		buf_printf(&cover, "\n%s", basement.ptr);
	buf_rtrim(&cover);
	buf_reset(&basement);
	buf_printf(&basement, "base-commit: %s\nchange-id: %s\n", run->r.base_hex,
		   s->st.change_id);
	ret = series_write_lone(s, run, cover.ptr, basement.ptr);
	buf_release(&cover);
	buf_release(&basement);
	return ret;
}

int cover_write(struct series *s, const struct series_run *run)
{
	struct buf body = BUF_INIT, subject = BUF_INIT, title = BUF_INIT, rd = BUF_INIT;
	git_oid *ids = xcalloc(s->nr, sizeof(*ids));
	int ret;

	for (size_t i = 0; i < s->nr; i++)
		ids[i] = run->commits[s->patches[i]];
	if ((ret = cover_changes(&rd, s, run, ids)) < 0 ||
	    (ret = cover_body(&body, s, run, run->o->treewide)) < 0)
		goto out;
	cover_title(&title, s, &run->plan);
	mail_subject(&subject, &run->style, s->st.version, 0,
		     series_has_cover(s) ? s->nr : 0, title.ptr);
	if (rd.len)
		buf_printf(&body, "\n\n%s", rd.ptr);
	buf_rtrim(&body);
	if (series_has_cover(s))
		ret = cover_mail(s, run, subject.ptr, body.ptr, ids);
	else
		ret = cover_mix_in(s, run, body.ptr, ids);
	buf_reset(&s->title);
	buf_add(&s->title, subject.ptr, subject.len);
	buf_reset(&s->cover);
	buf_printf(&s->cover, "%s\n\n%s", title.ptr, body.ptr);
out:
	free(ids);
	buf_release(&rd);
	buf_release(&body);
	buf_release(&subject);
	buf_release(&title);
	return ret;
}
