#include "series.h"
#include "error.h"
#include "fs.h"
#include "mail.h"
#include "series_run.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void slug(struct buf *out, const char *s)
{
	bool dash = false;

	for (; *s; s++) {
		if (isalnum((unsigned char)*s)) {
			if (dash && out->len)
				buf_putc(out, '-');
			buf_putc(out, (char)tolower((unsigned char)*s));
			dash = false;
		} else {
			dash = true;
		}
	}
}

static struct series *new_series(struct series_set *set, const char *group, const char *hint)
{
	struct series *s;

	ALLOC_GROW(set->v, set->nr, set->alloc);
	s = &set->v[set->nr++];
	*s = (struct series){ 0 };
	s->group = xstrdup(group);
	s->hint = xstrdup(hint);
	s->to = (struct strvec)STRVEC_INIT;
	s->cc = (struct strvec)STRVEC_INIT;
	s->files = (struct strvec)STRVEC_INIT;
	s->cp = (struct checkpatch_result)CHECKPATCH_RESULT_INIT;
	s->title = (struct buf)BUF_INIT;
	s->cover = (struct buf)BUF_INIT;
	s->changes = (struct buf)BUF_INIT;
	return s;
}

void series_group(struct series_set *out, const struct plan *plan, bool per_maintainer)
{
	for (size_t i = 0; i < plan->nr; i++) {
		const struct plan_patch *p = &plan->v[i];
		struct series *s = NULL;

		for (size_t k = 0; k < out->nr && !s; k++)
			if (!per_maintainer || !strcmp(out->v[k].group, p->group))
				s = &out->v[k];
		if (!s) {
			struct buf hint = BUF_INIT;

			slug(&hint, per_maintainer ? p->prefix : "treewide");
			s = new_series(out, per_maintainer ? p->group : "treewide", hint.ptr);
			buf_release(&hint);
		}
		ALLOC_GROW(s->patches, s->nr, s->alloc);
		s->patches[s->nr++] = i;
	}
}

void series_drop(struct series_set *set, const bool *dropped)
{
	for (size_t k = 0; k < set->nr; k++) {
		struct series *s = &set->v[k];
		size_t n = 0;

		for (size_t m = 0; m < s->nr; m++)
			if (!dropped || !dropped[s->patches[m]])
				s->patches[n++] = s->patches[m];
		s->nr = n;
		s->skip = s->skip || !n;
	}
}

/* The union of the recipients of the patches, once the series is settled. */
static void series_recipients(struct series *s, const struct plan *plan)
{
	strvec_clear(&s->to);
	strvec_clear(&s->cc);
	for (size_t m = 0; m < s->nr; m++) {
		strvec_push_unique(&s->to, &plan->v[s->patches[m]].rcpt.to);
		strvec_push_unique(&s->cc, &plan->v[s->patches[m]].rcpt.cc);
	}
}

void series_cover_msgid(struct buf *out, const struct series *s, const struct series_run *run)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct buf what = BUF_INIT;

	if (!series_has_cover(s)) {
		mail_message_id(out, &run->id, s->st.version,
				git_oid_tostr_s(&run->commits[s->patches[0]]));
		return;
	}
	git_oid_tostr(hex, 13, &run->commits[s->patches[s->nr - 1]]);
	buf_printf(&what, "cover.%s", hex);
	mail_message_id(out, &run->id, s->st.version, what.ptr);
	buf_release(&what);
}

/* Patch m as git format-patch writes it, the cover text of a lone patch mixed in. */
static int format_patch_mail(struct buf *out, const struct series *s, size_t m,
			     const struct series_run *run, const char *cover, const char *basement)
{
	const struct plan_patch *p = &run->plan.v[s->patches[m]];
	const git_oid *id = &run->commits[s->patches[m]];
	const struct commit_diff *d = &run->diffs[s->patches[m]];
	struct buf msgid = BUF_INIT, root = BUF_INIT, subject = BUF_INIT;
	bool lone = !series_has_cover(s);
	git_commit *c = NULL;
	const char *body;

	if (git_commit_lookup(&c, run->r.git, id) < 0)
		return error_git("cannot read commit %s", git_oid_tostr_s(id));
	body = strstr(git_commit_message(c), "\n\n");
	body = body ? body + 2 : "";
	mail_message_id(&msgid, &run->id, s->st.version, git_oid_tostr_s(id));
	series_cover_msgid(&root, s, run);
	mail_subject(&subject, &run->style, s->st.version, m + 1, lone ? 0 : s->nr, p->subject);
	mail_header(out, &(struct mail){ git_oid_tostr_s(id), msgid.ptr, lone ? NULL : root.ptr,
					 subject.ptr, &p->rcpt.to, &p->rcpt.cc, &run->o->to,
					 &run->o->cc, &run->id,
					 !mail_is_ascii(body, strlen(body)) ||
					 !mail_is_ascii(d->diff.ptr, d->diff.len) ||
					 (cover && !mail_is_ascii(cover, strlen(cover))) });
	buf_printf(out, "%s---\n", body);
	if (cover)
		buf_printf(out, "%s\n---\n", cover);
	buf_printf(out, "%s\n%s", d->stat.ptr, d->diff.ptr);
	if (basement)
		buf_printf(out, "\n---\n%s", basement);
	mail_signature(out, &run->style);
	git_commit_free(c);
	buf_release(&msgid);
	buf_release(&root);
	buf_release(&subject);
	return 0;
}

int series_write_patches(struct series *s, const struct series_run *run)
{
	struct buf mail = BUF_INIT, path = BUF_INIT;
	int ret = mkdir_p(s->dir);

	series_recipients(s, &run->plan);
	strvec_clear(&s->files);
	if (series_has_cover(s)) {
		mail_file_name(&path, s->dir, s->st.version, 0, "cover-letter");
		strvec_push(&s->files, path.ptr);
	}
	for (size_t m = 0; m < s->nr && !ret; m++) {
		buf_reset(&mail);
		buf_reset(&path);
		if ((ret = format_patch_mail(&mail, s, m, run, NULL, NULL)) < 0)
			break;
		mail_file_name(&path, s->dir, s->st.version, (int)m + 1,
			       run->plan.v[s->patches[m]].subject);
		if (!(ret = write_file_p(path.ptr, mail.ptr, mail.len)))
			strvec_push(&s->files, path.ptr);
	}
	buf_release(&mail);
	buf_release(&path);
	return ret;
}

int series_write_lone(const struct series *s, const struct series_run *run, const char *cover,
		      const char *basement)
{
	struct buf mail = BUF_INIT;
	int ret;

	if (!(ret = format_patch_mail(&mail, s, 0, run, cover, basement)))
		ret = write_file_p(s->files.v[0], mail.ptr, mail.len);
	buf_release(&mail);
	return ret;
}

void series_set_release(struct series_set *set)
{
	for (size_t i = 0; i < set->nr; i++) {
		struct series *s = &set->v[i];

		free(s->group);
		free(s->hint);
		series_state_release(&s->st);
		buf_release(&s->title);
		buf_release(&s->cover);
		buf_release(&s->changes);
		free(s->dir);
		free(s->patches);
		strvec_clear(&s->to);
		strvec_clear(&s->cc);
		strvec_clear(&s->files);
		checkpatch_result_release(&s->cp);
	}
	free(set->v);
	*set = (struct series_set){ NULL, 0, 0 };
}

static const char *after_prefix(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) ? path : path + n;
}

void series_print_files(struct buf *out, const struct series_run *run)
{
	for (size_t i = 0; i < run->set.nr; i++)
		for (size_t f = 0; !run->set.v[i].skip && f < run->set.v[i].files.nr; f++)
			buf_printf(out, "%s%s\n", run->out_dir,
				   after_prefix(run->set.v[i].files.v[f], run->staging));
}

static void print_list(struct buf *out, const char *field, const struct strvec *v)
{
	if (!v->nr)
		return;
	buf_printf(out, "    %s: ", field);
	for (size_t i = 0; i < v->nr; i++)
		buf_printf(out, "%s%s", i ? ", " : "", v->v[i]);
	buf_putc(out, '\n');
}

static void print_patch(struct buf *out, const struct plan_patch *p, size_t m, size_t n)
{
	struct buf counts = BUF_INIT;

	plan_patch_verdicts(&counts, p);
	buf_printf(out, "  [%zu/%zu] %s\n    files:", m + 1, n, p->subject);
	for (size_t f = 0; f < p->nr; f++) {
		buf_putc(out, ' ');
		buf_quote_path(out, p->files[f]->path);
	}
	buf_putc(out, '\n');
	print_list(out, "To", &p->rcpt.to);
	print_list(out, "Cc", &p->rcpt.cc);
	buf_printf(out, "    verdicts: %s\n", counts.ptr);
	buf_release(&counts);
}

void series_print_plan(struct buf *out, const struct series_run *run)
{
	const struct plan *plan = &run->plan;

	buf_printf(out, "topic %s: %zu patch%s in %zu series (dry run: nothing written)\n",
		   run->topic.name, plan->nr, plan->nr == 1 ? "" : "es", run->set.nr);
	for (size_t i = 0; i < run->set.nr; i++) {
		const struct series *s = &run->set.v[i];

		buf_printf(out, "\nseries %s v%d", s->st.name, s->st.version);
		if (s->st.found && !run->o->version && !run->o->force)
			buf_printf(out, " (if it changed since v%d)", s->st.last);
		buf_putc(out, '\n');
		for (size_t m = 0; m < s->nr; m++)
			print_patch(out, &plan->v[s->patches[m]], m, s->nr);
	}
}

void series_print_summary(const struct series_run *run)
{
	struct buf cp = BUF_INIT;
	size_t nr = 0, patches = 0;

	for (size_t i = 0; i < run->set.nr; i++)
		if (!run->set.v[i].skip) {
			nr++;
			patches += run->set.v[i].nr;
		}
	note("topic %s: %zu patch%s in %zu series under %s", run->topic.name, patches,
	     patches == 1 ? "" : "es", nr, run->out_dir);
	for (size_t i = 0; i < run->set.nr; i++) {
		const struct series *s = &run->set.v[i];

		if (s->skip && !s->nr)
			note("  %s: left out, none of its patches builds", s->st.name);
		else if (s->skip)
			note("  %s: v%d unchanged, left as it is", s->st.name, s->st.last);
		if (s->skip)
			continue;
		buf_reset(&cp);
		if (run->o->no_checkpatch)
			buf_puts(&cp, "checkpatch not run");
		else
			buf_printf(&cp, "checkpatch: %u errors, %u warnings, %u checks",
				   s->cp.errors, s->cp.warnings, s->cp.checks);
		note("  %s v%d: %zu patch%s to %s%s on branch %s; %s", s->st.name, s->st.version,
		     s->nr, s->nr == 1 ? "" : "es",
		     s->to.nr ? s->to.v[0] : s->cc.nr ? s->cc.v[0] : "nobody",
		     s->to.nr + s->cc.nr > 1 ? " and others" : "", s->st.branch_ref + 11, cp.ptr);
		note("    send: git send-email --no-thread %s%s/*.patch", run->out_dir,
		     after_prefix(s->dir, run->staging));
	}
	buf_release(&cp);
}

static void json_msgid(struct buf *out, const char *msgid)
{
	buf_puts(out, ", \"message_id\": ");
	buf_json_string(out, msgid);
}

static void json_patch(struct buf *out, const struct series *s, size_t m,
		       const struct series_run *run)
{
	const struct plan_patch *p = &run->plan.v[s->patches[m]];
	const git_oid *id = &run->commits[s->patches[m]];
	struct buf counts = BUF_INIT, msgid = BUF_INIT;

	buf_puts(out, m ? ",\n      {\"file\": " : "\n      {\"file\": ");
	buf_json_string(out, after_prefix(s->files.v[series_first_patch(s) + m], run->staging) + 1);
	buf_printf(out, ", \"commit\": \"%s\"", git_oid_tostr_s(id));
	mail_message_id(&msgid, &run->id, s->st.version, git_oid_tostr_s(id));
	json_msgid(out, msgid.ptr);
	buf_puts(out, ", \"subject\": ");
	buf_json_string(out, p->subject);
	buf_puts(out, ", \"prefix_from\": ");
	buf_json_string(out, p->prefix_from_history ? "history" : "paths");
	buf_puts(out, ", \"files\": [");
	for (size_t f = 0; f < p->nr; f++) {
		buf_puts(out, f ? ", " : "");
		buf_json_string(out, p->files[f]->path);
	}
	buf_puts(out, "], \"to\": ");
	buf_json_strings(out, &p->rcpt.to);
	buf_puts(out, ", \"cc\": ");
	buf_json_strings(out, &p->rcpt.cc);
	plan_patch_verdicts(&counts, p);
	buf_puts(out, ", \"verdicts\": ");
	buf_json_string(out, counts.ptr);
	buf_puts(out, "}");
	buf_release(&counts);
	buf_release(&msgid);
}

static void json_series(struct buf *out, const struct series *s, const struct series_run *run)
{
	const char *dir = after_prefix(s->dir, run->staging);
	struct buf msgid = BUF_INIT;

	buf_puts(out, "{\"dir\": ");
	buf_json_string(out, *dir ? dir + 1 : ".");
	buf_puts(out, ", \"name\": ");
	buf_json_string(out, s->st.name);
	buf_printf(out, ", \"version\": %d, \"branch\": ", s->st.version);
	buf_json_string(out, s->st.branch_ref + 11);
	buf_puts(out, ", \"change_id\": ");
	buf_json_string(out, s->st.change_id);
	buf_puts(out, ", \"cover\": ");
	if (series_has_cover(s))
		buf_json_string(out, after_prefix(s->files.v[0], run->staging) + 1);
	else
		buf_puts(out, "null");
	series_cover_msgid(&msgid, s, run);
	json_msgid(out, msgid.ptr);
	buf_printf(out, ",\n     \"checkpatch\": {\"errors\": %u, \"warnings\": %u,"
		   " \"checks\": %u}, ", s->cp.errors, s->cp.warnings, s->cp.checks);
	buf_puts(out, "\"to\": ");
	buf_json_strings(out, &s->to);
	buf_puts(out, ", \"cc\": ");
	buf_json_strings(out, &s->cc);
	buf_puts(out, ",\n     \"patches\": [");
	for (size_t m = 0; m < s->nr; m++)
		json_patch(out, s, m, run);
	buf_puts(out, "]}");
	buf_release(&msgid);
}

#define REPORT_ENTRY "\n    {\"dir\": \""

/*
 * The entries of an earlier run's report.json (as series_write_report()
 * wrote it) for series this run did not write, each "{...}".
 */
static void old_entries(struct strvec *out, const struct series_run *run)
{
	const char *p = run->old_report ? strstr(run->old_report, REPORT_ENTRY) : NULL;

	while (p) {
		const char *start = p + 5, *name = p + strlen(REPORT_ENTRY);
		const char *next = strstr(name, REPORT_ENTRY), *end = strstr(name, "\n  ]");
		const char *q = strchr(name, '"');
		bool ours = false;

		if (!q || !end)
			break;
		if (next && next > end)
			next = NULL;
		for (size_t i = 0; i < run->set.nr; i++) {
			const char *have = run->set.v[i].st.name;

			ours |= !run->set.v[i].skip && strlen(have) == (size_t)(q - name) &&
				!strncmp(have, name, (size_t)(q - name));
		}
		if (!ours) {
			const char *stop = next ? next : end;
			char *entry;

			while (stop > start && stop[-1] == ',')
				stop--;
			entry = xstrndup(start, (size_t)(stop - start));
			strvec_push(out, entry);
			free(entry);
		}
		p = next;
	}
}

int series_write_report(const struct series_run *run)
{
	struct strvec old = STRVEC_INIT;
	struct buf out = BUF_INIT, path = BUF_INIT;
	size_t n = 0;
	int ret;

	buf_puts(&out, "{\n  \"topic\": ");
	buf_json_string(&out, run->topic.name);
	buf_printf(&out, ",\n  \"base\": \"%s\",\n  \"series\": [", run->r.base_hex);
	old_entries(&old, run);
	for (size_t i = 0; i < old.nr; i++)
		buf_printf(&out, "%s%s", n++ ? ",\n    " : "\n    ", old.v[i]);
	for (size_t i = 0; i < run->set.nr; i++) {
		if (run->set.v[i].skip)
			continue;
		buf_puts(&out, n++ ? ",\n    " : "\n    ");
		json_series(&out, &run->set.v[i], run);
	}
	buf_puts(&out, "\n  ]");
	if (run->built) {
		buf_puts(&out, ",\n  \"build\": ");
		buildcheck_json(&out, &run->matrix);
		buf_rtrim(&out);
	}
	if (run->verified) {
		buf_puts(&out, ",\n  \"verify\": ");
		verify_json(&out, &run->verify);
		buf_rtrim(&out);
		buf_puts(&out, ",\n  \"verify_summary\": ");
		verify_summary_json(&out, &run->verify);
	}
	buf_puts(&out, "\n}\n");
	buf_printf(&path, "%s/report.json", run->staging);
	ret = write_file_p(path.ptr, out.ptr, out.len);
	strvec_clear(&old);
	buf_release(&out);
	buf_release(&path);
	return ret;
}
