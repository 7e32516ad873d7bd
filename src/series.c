#include "series.h"
#include "error.h"
#include "fs.h"
#include "message.h"
#include "patch.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAIL_STAT_WIDTH 72
#define SUBJECT_FOLD 78
#ifndef KMAP_VERSION
#define KMAP_VERSION "0.1"
#endif
#define SIGNATURE "kmap-local " KMAP_VERSION

static void push_all_unique(struct strvec *dst, const struct strvec *src)
{
	for (size_t i = 0; i < src->nr; i++)
		if (strvec_find(dst, src->v[i]) < 0)
			strvec_push(dst, src->v[i]);
}

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
	s->checkpatch = (struct buf)BUF_INIT;
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
		push_all_unique(&s->to, &p->rcpt.to);
		push_all_unique(&s->cc, &p->rcpt.cc);
	}
	strvec_clear(&groups);
}

static bool title_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_';
}

void series_sanitize_subject(struct buf *out, const char *subject)
{
	size_t start = out->len;
	int space = 2;

	for (const char *p = subject; *p; p++) {
		if (title_char(*p)) {
			if (space == 1)
				buf_putc(out, '-');
			space = 0;
			buf_putc(out, *p);
			if (*p == '.')
				while (p[1] == '.')
					p++;
		} else {
			space |= 1;
		}
	}
	while (out->len > start && (out->ptr[out->len - 1] == '.' || out->ptr[out->len - 1] == '-'))
		buf_truncate(out, out->len - 1);
}

/* git's fmt_output_subject(): [vN-]NNNN-<subject>, at most 64 with ".patch". */
static void patch_file_name(struct buf *out, const char *dir, int version, int nr,
			    const char *subject)
{
	size_t start;

	buf_printf(out, "%s/", dir);
	start = out->len;
	if (version > 1)
		buf_printf(out, "v%d-", version);
	buf_printf(out, "%04d-", nr);
	series_sanitize_subject(out, subject);
	if (out->len - start > 64 - 7)
		buf_truncate(out, start + 64 - 7);
	buf_puts(out, ".patch");
}

static void rfc2822_date(struct buf *out, const struct identity *id)
{
	time_t t = (time_t)id->when + id->offset * 60;
	int off = id->offset < 0 ? -id->offset : id->offset;
	struct tm tm;
	char s[64];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%a, %d %b %Y %H:%M:%S", &tm);
	buf_printf(out, "%s %c%02d%02d", s, id->offset < 0 ? '-' : '+', off / 60, off % 60);
}

static void message_id(struct buf *out, const struct series_ctx *ctx, const char *what)
{
	const char *at = strchr(ctx->id->email, '@');

	buf_printf(out, "<%s.%lld.v%d.kmap-local@%s>", what, (long long)ctx->id->when,
		   ctx->topic->version, at ? at + 1 : "localhost");
}

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* RFC 2047 Q-encoding of a display name with non-ASCII bytes, as git does. */
static void put_name(struct buf *out, const char *name)
{
	if (is_ascii(name, strlen(name))) {
		buf_puts(out, name);
		return;
	}
	buf_puts(out, "=?UTF-8?q?");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == ' ')
			buf_putc(out, '_');
		else if (isalnum(*p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "=%02X", *p);
	}
	buf_puts(out, "?=");
}

static void put_addresses(struct buf *out, const char *field, const struct strvec *a,
			  const struct strvec *b)
{
	struct strvec all = STRVEC_INIT;

	push_all_unique(&all, a);
	push_all_unique(&all, b);
	for (size_t i = 0; i < all.nr; i++)
		buf_printf(out, "%s%s", i ? ",\n    " : "", all.v[i]);
	if (all.nr) {
		struct buf line = BUF_INIT;

		buf_printf(&line, "%s: ", field);
		buf_add(&line, out->ptr, out->len);
		buf_reset(out);
		buf_add(out, line.ptr, line.len);
		buf_putc(out, '\n');
		buf_release(&line);
	}
	strvec_clear(&all);
}

/* "Subject: ..." folded at 78 columns with one-space continuations, as git does. */
static void put_subject(struct buf *out, const char *subject)
{
	struct buf line = BUF_INIT;
	const char *p;

	buf_printf(&line, "Subject: %s", subject);
	p = line.ptr;
	while (strlen(p) > SUBJECT_FOLD) {
		const char *cut = p + SUBJECT_FOLD;

		while (cut > p && *cut != ' ')
			cut--;
		if (cut == p || (p != line.ptr && cut == p + 1))
			break;
		buf_add(out, p, (size_t)(cut - p));
		buf_puts(out, "\n");
		p = cut;	/* the continuation starts with that space */
	}
	buf_printf(out, "%s\n", p);
	buf_release(&line);
}

struct mail {
	const char *sha;
	const char *msgid;
	const char *reply_to;		/* NULL for the cover */
	const char *subject;
	const struct strvec *to, *cc;
};

static void mail_header(struct buf *out, const struct mail *m, const struct series_ctx *ctx,
			bool eight_bit)
{
	struct buf to = BUF_INIT, cc = BUF_INIT;

	buf_printf(out, "From %s Mon Sep 17 00:00:00 2001\n", m->sha);
	buf_printf(out, "Message-ID: %s\n", m->msgid);
	if (m->reply_to)
		buf_printf(out, "In-Reply-To: %s\nReferences: %s\n", m->reply_to, m->reply_to);
	buf_puts(out, "From: ");
	put_name(out, ctx->id->name);
	buf_printf(out, " <%s>\nDate: ", ctx->id->email);
	rfc2822_date(out, ctx->id);
	buf_putc(out, '\n');
	put_subject(out, m->subject);
	put_addresses(&to, "To", m->to, ctx->extra_to);
	put_addresses(&cc, "Cc", m->cc, ctx->extra_cc);
	buf_add(out, to.ptr, to.len);
	buf_add(out, cc.ptr, cc.len);
	if (eight_bit)
		buf_puts(out, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
			      "Content-Transfer-Encoding: 8bit\n");
	buf_putc(out, '\n');
	buf_release(&to);
	buf_release(&cc);
}

static void subject_line(struct buf *out, const struct series_ctx *ctx, size_t m, size_t n,
			 const char *subject)
{
	buf_puts(out, "[PATCH ");
	if (ctx->topic->version > 1)
		buf_printf(out, "v%d ", ctx->topic->version);
	buf_printf(out, "%zu/%zu] %s", m, n, subject);
}

static void cover_msgid(struct buf *out, const struct series *s, const struct series_ctx *ctx)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct buf what = BUF_INIT;

	git_oid_tostr(hex, 13, &ctx->commits[s->patches[s->nr - 1]]);
	buf_printf(&what, "cover.%s", hex);
	message_id(out, ctx, what.ptr);
	buf_release(&what);
}

static int commit_trees(git_tree **old, git_tree **new, git_commit **c, struct repo *r,
			const git_oid *id)
{
	git_commit *parent = NULL;
	int ret = 0;

	if (git_commit_lookup(c, r->git, id) < 0 || git_commit_parent(&parent, *c, 0) < 0 ||
	    git_commit_tree(old, parent) < 0 || git_commit_tree(new, *c) < 0)
		ret = error_git("cannot read commit %s", git_oid_tostr_s(id));
	git_commit_free(parent);
	return ret;
}

static int format_patch_mail(struct buf *out, const struct series *s, size_t m,
			     const struct series_ctx *ctx)
{
	const struct plan_patch *p = &ctx->plan->v[s->patches[m]];
	const git_oid *id = &ctx->commits[s->patches[m]];
	struct buf diff = BUF_INIT, stat = BUF_INIT, msgid = BUF_INIT, cover = BUF_INIT;
	struct buf subject = BUF_INIT;
	struct strvec paths = STRVEC_INIT;
	git_tree *old = NULL, *new = NULL;
	git_commit *c = NULL;
	const char *body;
	int ret;

	for (size_t f = 0; f < p->nr; f++)
		strvec_push(&paths, p->files[f]->path);
	if ((ret = commit_trees(&old, &new, &c, ctx->r, id)) < 0 ||
	    (ret = patch_format_trees(&diff, &stat, ctx->r->git, old, new, &paths,
				      MAIL_STAT_WIDTH)) < 0)
		goto out;
	body = strstr(git_commit_message(c), "\n\n");
	body = body ? body + 2 : "";
	message_id(&msgid, ctx, git_oid_tostr_s(id));
	cover_msgid(&cover, s, ctx);
	subject_line(&subject, ctx, m + 1, s->nr, p->subject);
	mail_header(out, &(struct mail){ git_oid_tostr_s(id), msgid.ptr, cover.ptr, subject.ptr,
					 &p->rcpt.to, &p->rcpt.cc },
		    ctx, !is_ascii(body, strlen(body)) || !is_ascii(diff.ptr, diff.len));
	buf_printf(out, "%s---\n%s\n%s-- \n%s\n\n", body, stat.ptr, diff.ptr, SIGNATURE);
out:
	strvec_clear(&paths);
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(c);
	buf_release(&diff);
	buf_release(&stat);
	buf_release(&msgid);
	buf_release(&cover);
	buf_release(&subject);
	return ret;
}

int series_write_patches(struct series *s, const struct series_ctx *ctx)
{
	struct buf mail = BUF_INIT, path = BUF_INIT;
	int ret = mkdir_p(s->dir);

	strvec_clear(&s->files);
	patch_file_name(&path, s->dir, ctx->topic->version, 0, "cover-letter");
	strvec_push(&s->files, path.ptr);
	for (size_t m = 0; m < s->nr && !ret; m++) {
		buf_reset(&mail);
		buf_reset(&path);
		if ((ret = format_patch_mail(&mail, s, m, ctx)) < 0)
			break;
		patch_file_name(&path, s->dir, ctx->topic->version, (int)m + 1,
				ctx->plan->v[s->patches[m]].subject);
		if (!(ret = write_file_p(path.ptr, mail.ptr, mail.len)))
			strvec_push(&s->files, path.ptr);
	}
	buf_release(&mail);
	buf_release(&path);
	return ret;
}

static bool patch_has(const struct plan_patch *p, enum verdict_kind kind)
{
	for (size_t i = 0; i < p->nr_sites; i++)
		if (verdict_kind(p->sites[i].site->verdict) == kind)
			return true;
	return false;
}

/* The patches, listed under each kind of conversion they make. */
static void cover_summary(struct buf *out, const struct series *s, const struct plan *plan)
{
	static const struct {
		enum verdict_kind kind;
		const char *title;
	} kinds[] = {
		{ VERDICT_LOCAL, "Plain conversions to kmap_local_page()/kunmap_local():" },
		{ VERDICT_HELPER, "Open-coded copies and fills replaced by the highmem helpers:" },
		{ VERDICT_LOCAL_DISABLE, "Conversions that keep pagefault_disable() or"
					 " preempt_disable() explicitly:" },
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		bool any = false;

		for (size_t i = 0; i < s->nr; i++) {
			const struct plan_patch *p = &plan->v[s->patches[i]];
			struct buf counts = BUF_INIT;

			if (!patch_has(p, kinds[k].kind))
				continue;
			if (!any)
				buf_printf(out, "%s%s\n", out->len ? "\n" : "", kinds[k].title);
			any = true;
			plan_patch_verdicts(&counts, p);
			buf_printf(out, "- %zu/%zu %s (%s)\n", i + 1, s->nr, p->subject, counts.ptr);
			buf_release(&counts);
		}
	}
	buf_rtrim(out);
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

/* Flagged sites: all of them for one series, else those in the series' files. */
static void cover_flagged(struct buf *out, const struct series *s, const struct series_ctx *ctx,
			  bool all)
{
	const struct results *res = ctx->plan->flagged_from;
	size_t n = 0;

	for (size_t i = 0; res && i < res->nr; i++) {
		const struct file_result *f = &res->v[i];

		if (!all && !file_in_series(s, ctx->plan, f->path))
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
				   site->verdict + 5);
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

static int cover_body(struct buf *out, const struct series *s, const struct series_ctx *ctx,
		      bool treewide, const char *range_diff)
{
	struct strvec vars = STRVEC_INIT;
	struct buf summary = BUF_INIT, flagged = BUF_INIT;
	size_t sites = 0, files = 0;
	int ret;

	for (size_t i = 0; i < s->nr; i++) {
		sites += ctx->plan->v[s->patches[i]].nr_sites;
		files += ctx->plan->v[s->patches[i]].nr;
	}
	cover_summary(&summary, s, ctx->plan);
	cover_flagged(&flagged, s, ctx, treewide);
	strvec_pushf(&vars, "what=%zu call site%s in %zu file%s, in %zu patch%s", sites,
		     sites == 1 ? "" : "s", files, files == 1 ? "" : "s", s->nr,
		     s->nr == 1 ? "" : "es");
	strvec_pushf(&vars, "summary=%s", summary.ptr);
	strvec_pushf(&vars, "routing=%s", treewide ?
		     "The patches do not depend on each other: each maintainer can take"
		     " the patches for their files through their own tree." :
		     "The patches do not depend on each other or on the rest of the"
		     " tree-wide conversion; please take them through your tree.");
	strvec_pushf(&vars, "flagged=%s", flagged.ptr);
	strvec_pushf(&vars, "range_diff=%s", range_diff);
	ret = message_render(out, ctx->templates, "cover", &vars);
	strvec_clear(&vars);
	buf_release(&summary);
	buf_release(&flagged);
	return ret;
}

static void cover_dropped(struct buf *out, const struct series_ctx *ctx)
{
	size_t n = 0;

	for (size_t i = 0; ctx->dropped && i < ctx->plan->nr; i++)
		if (ctx->dropped[i])
			buf_printf(out, "%s  %s\n", n++ ? "" : "Left out, they do not build:\n",
				   ctx->plan->v[i].subject);
	if (n)
		buf_putc(out, '\n');
}

static void cover_shortlog(struct buf *out, const struct series *s, const struct series_ctx *ctx)
{
	buf_printf(out, "%s (%zu):\n", ctx->id->name, s->nr);
	for (size_t i = 0; i < s->nr; i++)
		buf_printf(out, "  %s\n", ctx->plan->v[s->patches[i]].subject);
	buf_putc(out, '\n');
}

static int cover_stat(struct buf *out, const struct series *s, const struct series_ctx *ctx)
{
	git_tree **olds = xcalloc(s->nr, sizeof(*olds)), **news = xcalloc(s->nr, sizeof(*news));
	struct strvec paths = STRVEC_INIT;
	int ret = 0;

	for (size_t i = 0; i < s->nr && !ret; i++) {
		const struct plan_patch *p = &ctx->plan->v[s->patches[i]];
		git_commit *c = NULL;

		for (size_t f = 0; f < p->nr; f++)
			strvec_push(&paths, p->files[f]->path);
		ret = commit_trees(&olds[i], &news[i], &c, ctx->r, &ctx->commits[s->patches[i]]);
		git_commit_free(c);
	}
	if (!ret)
		ret = patch_stat_trees(out, ctx->r->git, olds, news, s->nr, &paths,
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

int series_write_cover(struct series *s, const struct series_ctx *ctx)
{
	struct buf mail = BUF_INIT, body = BUF_INIT, stat = BUF_INIT, msgid = BUF_INIT;
	struct buf subject = BUF_INIT, title = BUF_INIT;
	const git_oid *tip = &ctx->commits[s->patches[s->nr - 1]];
	git_oid *ids = xcalloc(s->nr, sizeof(*ids));
	struct buf rd = BUF_INIT;
	bool treewide = ctx->treewide;
	int ret;

	for (size_t i = 0; i < s->nr; i++)
		ids[i] = ctx->commits[s->patches[i]];
	if ((ret = series_range_diff(&rd, ctx->r, ctx->topic, ids, s->nr, treewide)) < 0 ||
	    (ret = cover_body(&body, s, ctx, treewide, rd.ptr)) < 0 ||
	    (ret = cover_stat(&stat, s, ctx)) < 0)
		goto out;
	cover_msgid(&msgid, s, ctx);
	cover_title(&title, s, ctx->plan);
	buf_puts(&subject, "[PATCH ");
	if (ctx->topic->version > 1)
		buf_printf(&subject, "v%d ", ctx->topic->version);
	buf_printf(&subject, "0/%zu] %s", s->nr, title.ptr);
	mail_header(&mail, &(struct mail){ git_oid_tostr_s(tip), msgid.ptr, NULL, subject.ptr,
					   &s->to, &s->cc },
		    ctx, !is_ascii(ctx->id->name, strlen(ctx->id->name)));
	buf_printf(&mail, "%s\n\n---\n", body.ptr);
	if (s->checkpatch.len)
		buf_printf(&mail, "%s\n", s->checkpatch.ptr);
	if (ctx->matrix) {
		buildcheck_format(&mail, ctx->matrix, ids, s->nr);
		buf_putc(&mail, '\n');
	}
	if (ctx->verify) {
		verify_format(&mail, ctx->verify, ids, s->nr);
		buf_putc(&mail, '\n');
	}
	cover_dropped(&mail, ctx);
	cover_shortlog(&mail, s, ctx);
	buf_printf(&mail, "%s\nbase-commit: %s\n-- \n%s\n\n", stat.ptr, ctx->r->base_hex,
		   SIGNATURE);
	ret = write_file_p(s->files.v[0], mail.ptr, mail.len);
out:
	free(ids);
	buf_release(&rd);
	buf_release(&mail);
	buf_release(&body);
	buf_release(&stat);
	buf_release(&msgid);
	buf_release(&subject);
	buf_release(&title);
	return ret;
}

/* A commit's subject and its diff without the "index" lines, for comparing. */
struct rd_commit {
	git_oid id;
	char *subject;
	struct buf diff;
	int match;
};

static int rd_load(struct rd_commit *c, struct repo *r, const git_oid *id)
{
	git_tree *old = NULL, *new = NULL;
	git_commit *commit = NULL;
	int ret;

	c->id = *id;
	c->match = -1;
	c->diff = (struct buf)BUF_INIT;
	if ((ret = commit_trees(&old, &new, &commit, r, id)) == 0) {
		c->subject = xstrdup(git_commit_summary(commit));
		ret = patch_format_trees(&c->diff, NULL, r->git, old, new, NULL, MAIL_STAT_WIDTH);
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

static int rd_old_commits(struct rd_commit **out, size_t *nr, struct repo *r,
			  const struct topic *t)
{
	git_commit *c = NULL;
	size_t alloc = 0;
	int ret = 0;

	*nr = 0;
	if (git_commit_lookup(&c, r->git, &t->prev_tip) < 0)
		return error_git("cannot read v%d of topic '%s'", t->version - 1, t->name);
	while (c && !git_oid_equal(git_commit_id(c), &t->prev_base) && !ret) {
		git_commit *parent = NULL;

		ALLOC_GROW(*out, *nr, alloc);
		ret = rd_load(&(*out)[(*nr)++], r, git_commit_id(c));
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

int series_range_diff(struct buf *out, struct repo *r, const struct topic *t,
		      const git_oid *commits, size_t nr, bool show_dropped)
{
	struct rd_commit *old = NULL, *new = xcalloc(nr + 1, sizeof(*new));
	size_t nr_old = 0;
	int ret = 0;

	if (!t->has_prev)
		goto out;
	if ((ret = rd_old_commits(&old, &nr_old, r, t)) < 0)
		goto out;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = rd_load(&new[i], r, &commits[i]);
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

void series_set_release(struct series_set *set)
{
	for (size_t i = 0; i < set->nr; i++) {
		struct series *s = &set->v[i];

		free(s->dir);
		free(s->patches);
		strvec_clear(&s->to);
		strvec_clear(&s->cc);
		strvec_clear(&s->files);
		buf_release(&s->checkpatch);
	}
	free(set->v);
	*set = (struct series_set){ NULL, 0, 0 };
}

/* Collapse "//", "." and ".." of an absolute path, in place. */
static void normalize_abs(struct buf *b)
{
	struct buf out = BUF_INIT;

	for (const char *p = b->ptr; *p; ) {
		size_t n;

		p += strspn(p, "/");
		n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			while (out.len && out.ptr[out.len - 1] != '/')
				out.len--;
			buf_truncate(&out, out.len ? out.len - 1 : 0);
		} else if (n && !(n == 1 && *p == '.')) {
			buf_putc(&out, '/');
			buf_add(&out, p, n);
		}
		p += n;
	}
	buf_reset(b);
	buf_puts(b, out.len ? out.ptr : "/");
	buf_release(&out);
}

/*
 * The absolute form of a path that need not exist yet: its longest
 * existing prefix resolved (symlinks too), the rest appended.
 */
static char *resolve_path(const char *path)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(path);
	char *real;

	for (;;) {
		char *head = xstrndup(path, n);

		real = realpath(n ? head : ".", NULL);
		free(head);
		if (real || !n)
			break;
		while (n && path[n - 1] != '/')
			n--;
		while (n > 1 && path[n - 1] == '/')
			n--;
	}
	buf_puts(&b, real ? real : "/");
	buf_printf(&b, "/%s", path + n);
	normalize_abs(&b);
	free(real);
	return buf_detach(&b, NULL);
}

static bool path_is_under(const char *path, const char *dir)
{
	char *real = realpath(dir, NULL);
	size_t n = real ? strlen(real) : 0;
	bool under = real && !strncmp(path, real, n) && (path[n] == '/' || !path[n]);

	free(real);
	return under;
}

int series_check_out_dir_place(const char *dir, git_repository *git)
{
	char *abs;
	int ret = 0;

	if (!*dir)
		return error("option '-o' needs a directory name");
	abs = resolve_path(dir);
	if (path_is_under(abs, git_repository_path(git)) ||
	    path_is_under(abs, git_repository_commondir(git)))
		ret = error("output directory '%s' is inside the repository's git directory; "
			    "choose another with -o", dir);
	free(abs);
	return ret;
}

int series_check_out_dir(const char *dir)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	bool empty = true;

	if (stat(dir, &st) < 0)
		return errno == ENOENT ? 0 : error_errno("cannot read '%s'", dir);
	if (!S_ISDIR(st.st_mode))
		return error("output directory '%s' exists and is not a directory", dir);
	if (!(d = opendir(dir)))
		return error_errno("cannot read '%s'", dir);
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	if (!empty)
		return error("output directory '%s' is not empty; remove it or choose another"
			     " with -o", dir);
	return 0;
}

int series_stage_out_dir(char **out, const char *dir)
{
	struct buf b = BUF_INIT;
	struct stat st;

	buf_printf(&b, "%s.kmap-local-partial", dir);
	if (!stat(b.ptr, &st)) {
		note("removing '%s', left by an interrupted run", b.ptr);
		remove_tree(b.ptr);
	}
	*out = buf_detach(&b, NULL);
	return mkdir_p(*out);
}

int series_publish_out_dir(const char *staging, const char *dir)
{
	if (rmdir(dir) < 0 && errno != ENOENT)
		return error_errno("cannot replace the empty directory '%s'", dir);
	if (rename(staging, dir) < 0)
		return error_errno("cannot move '%s' to '%s'", staging, dir);
	return 0;
}

void series_unpublish_out_dir(const char *dir)
{
	remove_tree(dir);
}

void series_discard_staging(const char *staging)
{
	struct stat st;

	if (!stat(staging, &st))
		remove_tree(staging);
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
		     s->to.nr + s->cc.nr > 1 ? " and others" : "", s->cp_errors, s->cp_warnings,
		     s->cp_checks);
	}
}

static void json_patch(struct buf *out, const struct series *s, size_t m,
		       const struct series_ctx *ctx, const char *staging)
{
	const struct plan_patch *p = &ctx->plan->v[s->patches[m]];
	struct buf counts = BUF_INIT;

	buf_puts(out, m ? ",\n      {\"file\": " : "\n      {\"file\": ");
	buf_json_string(out, after_prefix(s->files.v[m + 1], staging) + 1);
	buf_printf(out, ", \"commit\": \"%s\", \"subject\": ",
		   git_oid_tostr_s(&ctx->commits[s->patches[m]]));
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

int series_write_report(const struct series_set *set, const struct series_ctx *ctx,
			const char *staging)
{
	struct buf out = BUF_INIT, path = BUF_INIT;
	int ret;

	buf_puts(&out, "{\n  \"topic\": ");
	buf_json_string(&out, ctx->topic->name);
	buf_printf(&out, ",\n  \"version\": %d,\n  \"base\": \"%s\",\n  \"series\": [",
		   ctx->topic->version, ctx->r->base_hex);
	for (size_t i = 0; i < set->nr; i++) {
		const struct series *s = &set->v[i];

		buf_puts(&out, i ? ",\n    {\"dir\": " : "\n    {\"dir\": ");
		buf_json_string(&out, *after_prefix(s->dir, staging) ?
				after_prefix(s->dir, staging) + 1 : ".");
		buf_printf(&out, ", \"checkpatch\": {\"errors\": %u, \"warnings\": %u,"
			   " \"checks\": %u}, ", s->cp_errors, s->cp_warnings, s->cp_checks);
		buf_puts(&out, "\"to\": ");
		buf_json_strings(&out, &s->to);
		buf_puts(&out, ", \"cc\": ");
		buf_json_strings(&out, &s->cc);
		buf_puts(&out, ",\n     \"patches\": [");
		for (size_t m = 0; m < s->nr; m++)
			json_patch(&out, s, m, ctx, staging);
		buf_puts(&out, "]}");
	}
	buf_puts(&out, "\n  ]");
	if (ctx->matrix) {
		buf_puts(&out, ",\n  \"build\": ");
		buildcheck_json(&out, ctx->matrix);
		buf_rtrim(&out);
	}
	if (ctx->verify) {
		buf_puts(&out, ",\n  \"verify\": ");
		verify_json(&out, ctx->verify);
		buf_rtrim(&out);
		buf_puts(&out, ",\n  \"verify_summary\": ");
		verify_summary_json(&out, ctx->verify);
	}
	buf_puts(&out, "\n}\n");
	buf_printf(&path, "%s/report.json", staging);
	ret = write_file_p(path.ptr, out.ptr, out.len);
	buf_release(&out);
	buf_release(&path);
	return ret;
}
