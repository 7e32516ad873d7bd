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

static struct series *new_series(struct series_set *set, const char *dir)
{
	struct series *s;

	ALLOC_GROW(set->v, set->nr, set->alloc);
	s = &set->v[set->nr++];
	*s = (struct series){ 0 };
	s->dir = xstrdup(dir);
	s->to = (struct strvec)STRVEC_INIT;
	s->cc = (struct strvec)STRVEC_INIT;
	s->files = (struct strvec)STRVEC_INIT;
	s->cp = (struct checkpatch_result)CHECKPATCH_RESULT_INIT;
	return s;
}

/* A subdirectory per maintainer tree, named after its first patch's prefix. */
static char *group_dir(const struct series_set *set, const char *dir, const char *prefix)
{
	struct buf b = BUF_INIT, name = BUF_INIT;

	slug(&name, prefix);
	for (int n = 1;; n++) {
		bool taken = false;

		buf_reset(&b);
		buf_printf(&b, "%s/%s", dir, name.ptr);
		if (n > 1)
			buf_printf(&b, "-%d", n);
		for (size_t i = 0; i < set->nr && !taken; i++)
			taken = !strcmp(set->v[i].dir, b.ptr);
		if (!taken)
			break;
	}
	buf_release(&name);
	return buf_detach(&b, NULL);
}

void series_group(struct series_set *out, const struct plan *plan, bool per_maintainer,
		  const char *dir, const bool *dropped)
{
	struct strvec groups = STRVEC_INIT;

	for (size_t i = 0; i < plan->nr; i++) {
		const struct plan_patch *p = &plan->v[i];
		struct series *s;
		int at;

		if (dropped && dropped[i])
			continue;
		at = per_maintainer ? strvec_find(&groups, p->group) : (out->nr ? 0 : -1);
		if (at < 0) {
			char *d = per_maintainer ? group_dir(out, dir, p->prefix) : xstrdup(dir);

			strvec_push(&groups, p->group);
			s = new_series(out, d);
			free(d);
		} else {
			s = &out->v[at];
		}
		ALLOC_GROW(s->patches, s->nr, s->alloc);
		s->patches[s->nr++] = i;
		strvec_push_unique(&s->to, &p->rcpt.to);
		strvec_push_unique(&s->cc, &p->rcpt.cc);
	}
	strvec_clear(&groups);
}

void series_cover_msgid(struct buf *out, const struct series *s, const struct series_run *run)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct buf what = BUF_INIT;

	git_oid_tostr(hex, 13, &run->commits[s->patches[s->nr - 1]]);
	buf_printf(&what, "cover.%s", hex);
	mail_message_id(out, &run->id, run->topic.version, what.ptr);
	buf_release(&what);
}

static int format_patch_mail(struct buf *out, const struct series *s, size_t m,
			     const struct series_run *run)
{
	const struct plan_patch *p = &run->plan.v[s->patches[m]];
	const git_oid *id = &run->commits[s->patches[m]];
	const struct commit_diff *d = &run->diffs[s->patches[m]];
	struct buf msgid = BUF_INIT, cover = BUF_INIT, subject = BUF_INIT;
	git_commit *c = NULL;
	const char *body;

	if (git_commit_lookup(&c, run->r.git, id) < 0)
		return error_git("cannot read commit %s", git_oid_tostr_s(id));
	body = strstr(git_commit_message(c), "\n\n");
	body = body ? body + 2 : "";
	mail_message_id(&msgid, &run->id, run->topic.version, git_oid_tostr_s(id));
	series_cover_msgid(&cover, s, run);
	mail_subject(&subject, run->topic.version, m + 1, s->nr, p->subject);
	mail_header(out, &(struct mail){ git_oid_tostr_s(id), msgid.ptr, cover.ptr, subject.ptr,
					 &p->rcpt.to, &p->rcpt.cc, &run->o->to, &run->o->cc,
					 &run->id, !mail_is_ascii(body, strlen(body)) ||
					 !mail_is_ascii(d->diff.ptr, d->diff.len) });
	buf_printf(out, "%s---\n%s\n%s-- \n%s\n\n", body, d->stat.ptr, d->diff.ptr,
		   MAIL_SIGNATURE);
	git_commit_free(c);
	buf_release(&msgid);
	buf_release(&cover);
	buf_release(&subject);
	return 0;
}

int series_write_patches(struct series *s, const struct series_run *run)
{
	struct buf mail = BUF_INIT, path = BUF_INIT;
	int ret = mkdir_p(s->dir);

	strvec_clear(&s->files);
	mail_file_name(&path, s->dir, run->topic.version, 0, "cover-letter");
	strvec_push(&s->files, path.ptr);
	for (size_t m = 0; m < s->nr && !ret; m++) {
		buf_reset(&mail);
		buf_reset(&path);
		if ((ret = format_patch_mail(&mail, s, m, run)) < 0)
			break;
		mail_file_name(&path, s->dir, run->topic.version, (int)m + 1,
			       run->plan.v[s->patches[m]].subject);
		if (!(ret = write_file_p(path.ptr, mail.ptr, mail.len)))
			strvec_push(&s->files, path.ptr);
	}
	buf_release(&mail);
	buf_release(&path);
	return ret;
}

void series_set_release(struct series_set *set)
{
	for (size_t i = 0; i < set->nr; i++) {
		struct series *s = &set->v[i];

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

void series_print_files(struct buf *out, const struct series_set *set, const char *staging,
			const char *dir)
{
	for (size_t i = 0; i < set->nr; i++)
		for (size_t f = 0; f < set->v[i].files.nr; f++)
			buf_printf(out, "%s%s\n", dir, after_prefix(set->v[i].files.v[f], staging));
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

static const char *series_name(const struct series *s)
{
	const char *slash = strrchr(s->dir, '/');

	return slash && slash[1] ? slash + 1 : "treewide";
}

void series_print_plan(struct buf *out, const struct series_set *set, const struct plan *plan,
		       const struct topic *t)
{
	buf_printf(out, "topic %s v%d: %zu patch%s in %zu series (dry run: nothing written)\n",
		   t->name, t->version, plan->nr, plan->nr == 1 ? "" : "es", set->nr);
	for (size_t i = 0; i < set->nr; i++) {
		const struct series *s = &set->v[i];

		buf_printf(out, "\nseries %s\n", series_name(s));
		for (size_t m = 0; m < s->nr; m++) {
			const struct plan_patch *p = &plan->v[s->patches[m]];
			struct buf counts = BUF_INIT;

			plan_patch_verdicts(&counts, p);
			buf_printf(out, "  [%zu/%zu] %s\n    files:", m + 1, s->nr, p->subject);
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
	}
}

void series_print_summary(const struct series_set *set, const struct plan *plan,
			  const struct topic *t, const char *dir, const git_oid *tip)
{
	char hex[13];

	git_oid_tostr(hex, sizeof(hex), tip);
	note("topic %s v%d: %zu patch%s in %zu series under %s (branch at %s)", t->name,
	     t->version, plan->nr, plan->nr == 1 ? "" : "es", set->nr, dir, hex);
	for (size_t i = 0; i < set->nr; i++) {
		const struct series *s = &set->v[i];

		note("  %s: %zu patch%s to %s%s; checkpatch: %u errors, %u warnings, %u checks",
		     series_name(s), s->nr, s->nr == 1 ? "" : "es",
		     s->to.nr ? s->to.v[0] : s->cc.nr ? s->cc.v[0] : "nobody",
		     s->to.nr + s->cc.nr > 1 ? " and others" : "", s->cp.errors, s->cp.warnings,
		     s->cp.checks);
	}
}

static void json_patch(struct buf *out, const struct series *s, size_t m,
		       const struct series_run *run)
{
	const struct plan_patch *p = &run->plan.v[s->patches[m]];
	struct buf counts = BUF_INIT;

	buf_puts(out, m ? ",\n      {\"file\": " : "\n      {\"file\": ");
	buf_json_string(out, after_prefix(s->files.v[m + 1], run->staging) + 1);
	buf_printf(out, ", \"commit\": \"%s\", \"subject\": ",
		   git_oid_tostr_s(&run->commits[s->patches[m]]));
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
}

int series_write_report(const struct series_run *run)
{
	const struct series_set *set = &run->set;
	const char *staging = run->staging;
	struct buf out = BUF_INIT, path = BUF_INIT;
	int ret;

	buf_puts(&out, "{\n  \"topic\": ");
	buf_json_string(&out, run->topic.name);
	buf_printf(&out, ",\n  \"version\": %d,\n  \"base\": \"%s\",\n  \"series\": [",
		   run->topic.version, run->r.base_hex);
	for (size_t i = 0; i < set->nr; i++) {
		const struct series *s = &set->v[i];

		buf_puts(&out, i ? ",\n    {\"dir\": " : "\n    {\"dir\": ");
		buf_json_string(&out, *after_prefix(s->dir, staging) ?
				after_prefix(s->dir, staging) + 1 : ".");
		buf_printf(&out, ", \"checkpatch\": {\"errors\": %u, \"warnings\": %u,"
			   " \"checks\": %u}, ", s->cp.errors, s->cp.warnings, s->cp.checks);
		buf_puts(&out, "\"to\": ");
		buf_json_strings(&out, &s->to);
		buf_puts(&out, ", \"cc\": ");
		buf_json_strings(&out, &s->cc);
		buf_puts(&out, ",\n     \"patches\": [");
		for (size_t m = 0; m < s->nr; m++)
			json_patch(&out, s, m, run);
		buf_puts(&out, "]}");
	}
	buf_puts(&out, "\n  ]");
	if (run->built) {
		buf_puts(&out, ",\n  \"build\": ");
		buildcheck_json(&out, &run->matrix);
		buf_rtrim(&out);
	}
	buf_puts(&out, "\n}\n");
	buf_printf(&path, "%s/report.json", staging);
	ret = write_file_p(path.ptr, out.ptr, out.len);
	buf_release(&out);
	buf_release(&path);
	return ret;
}
