#include "series_state.h"
#include "error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COVER_WALK_MAX 1000

/* The string value of the first "key": "..." in `json` (\uXXXX kept ASCII-only). */
static char *json_string(const char *json, const char *key, const char *from)
{
	struct buf pat = BUF_INIT, val = BUF_INIT;
	const char *p = from ? from : json;

	buf_printf(&pat, "\"%s\"", key);
	while (p && (p = strstr(p, pat.ptr))) {
		p += pat.len;
		p += strspn(p, " \t\r\n");
		if (*p == ':')
			break;
	}
	buf_release(&pat);
	if (!p)
		return NULL;
	p += 1 + strspn(p + 1, " \t\r\n");
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if (*p != '\\' || !p[1]) {
			buf_putc(&val, *p);
			continue;
		}
		p++;
		if (*p == 'u' && strspn(p + 1, "0123456789abcdefABCDEF") >= 4) {
			unsigned c = (unsigned)strtoul((char[]){ p[1], p[2], p[3], p[4], 0 }, NULL, 16);

			buf_putc(&val, c < 0x80 ? (char)c : '?');
			p += 4;
		} else {
			buf_putc(&val, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
		}
	}
	return buf_detach(&val, NULL);
}

/* The last Message-Id b4 (or we) recorded for v<version> in "history". */
static char *history_msgid(const char *json, int version)
{
	const char *h = json ? strstr(json, "\"history\"") : NULL;
	struct buf key = BUF_INIT;
	char *last = NULL;

	buf_printf(&key, "\"v%d\"", version);
	h = h ? strstr(h, key.ptr) : NULL;
	buf_release(&key);
	if (!h || !(h = strchr(h, '[')))
		return NULL;
	for (const char *end = strchr(h, ']'); end;) {
		const char *q = strchr(h, '"'), *q2;

		if (!q || q > end || !(q2 = strchr(q + 1, '"')))
			break;
		free(last);
		last = xstrndup(q + 1, (size_t)(q2 - q - 1));
		h = q2 + 1;
	}
	return last;
}

static void json_put(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "null");
		return;
	}
	buf_json_string(out, s);
}

/* b4 writes "[PATCH <prefixes> vN m/n]": the words of ours but "PATCH". */
static void b4_prefixes(struct buf *out, const char *prefix)
{
	struct strvec words = STRVEC_INIT;
	size_t n = 0;

	strvec_split_blanks(&words, prefix ? prefix : "");
	for (size_t i = 0; i < words.nr; i++) {
		if (!strcmp(words.v[i], "PATCH"))
			continue;
		buf_puts(out, n++ ? ", " : "");
		json_put(out, words.v[i]);
	}
	strvec_clear(&words);
}

static void tracking_json(struct buf *out, const struct series_state *st, const char *topic,
			  const char *group, const char *msgid)
{
	int v = 1;
	char *m;

	buf_printf(out, "{\n  \"series\": {\n    \"revision\": %d,\n    \"change-id\": ",
		   st->version);
	json_put(out, st->change_id);
	buf_puts(out, ",\n    \"base-branch\": null,\n    \"prefixes\": [");
	b4_prefixes(out, st->subject_prefix);
	buf_puts(out, "],\n    \"history\": {");
	for (; v < st->version; v++) {
		if (!(m = history_msgid(st->tracking, v)))
			continue;
		buf_printf(out, "%s\n      \"v%d\": [", out->ptr[out->len - 1] == '{' ? "" : ",", v);
		json_put(out, m);
		buf_puts(out, "]");
		free(m);
	}
	buf_printf(out, "%s\n      \"v%d\": [", out->ptr[out->len - 1] == '{' ? "" : ",", v);
	json_put(out, msgid);
	buf_puts(out, "]\n    }\n  },\n  \"kmap-local\": {\n    \"topic\": ");
	json_put(out, topic);
	buf_puts(out, ",\n    \"group\": ");
	json_put(out, group);
	buf_puts(out, "\n  }\n}\n");
}

/* The tracking data of the branch `ref` at `tip` and the patches after its cover. */
static int read_branch(struct series_state *st, git_repository *git, const char *ref,
		       const git_oid *tip)
{
	git_commit *c = NULL;
	git_oid *chain = NULL;
	size_t nr = 0, alloc = 0;
	int ret = 0;

	if (git_commit_lookup(&c, git, tip) < 0)
		return error_git("cannot read branch '%s'", ref + 11);
	while (c && nr < COVER_WALK_MAX) {
		const char *msg = git_commit_message(c), *mark = strstr(msg, B4_MARKER);
		git_commit *parent = NULL;

		if (mark) {
			st->tracking = xstrdup(mark + strlen(B4_MARKER));
			break;
		}
		ALLOC_GROW(chain, nr, alloc);
		chain[nr++] = *git_commit_id(c);
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
			parent = NULL;
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	st->old = xcalloc(nr + 1, sizeof(*st->old));
	st->nr_old = nr;
	for (size_t i = 0; i < nr; i++)
		st->old[i] = chain[nr - 1 - i];
	free(chain);
	return ret;
}

struct find {
	git_repository *git;
	const char *group;
	char *ref;
	git_oid tip;
};

static int match_branch(const char *ref, void *payload)
{
	struct find *f = payload;
	struct series_state st = { 0 };
	git_oid tip;
	char *group = NULL;

	if (f->ref || git_reference_name_to_id(&tip, f->git, ref) < 0)
		return 0;
	if (read_branch(&st, f->git, ref, &tip) == 0 && st.tracking)
		group = json_string(st.tracking, "group", strstr(st.tracking, "\"kmap-local\""));
	if (group && !strcmp(group, f->group)) {
		f->ref = xstrdup(ref);
		f->tip = tip;
	}
	free(group);
	free(st.tracking);
	free(st.old);
	return 0;
}

static bool ref_exists(git_repository *git, const char *name, git_oid *out)
{
	git_oid id;

	if (git_reference_name_to_id(&id, git, name) < 0)
		return false;
	if (out)
		*out = id;
	return true;
}

static char *unique_name(git_repository *git, const char *topic, const char *hint,
			 const struct strvec *taken)
{
	struct buf name = BUF_INIT, ref = BUF_INIT;

	for (int n = 1;; n++) {
		buf_reset(&name);
		buf_puts(&name, hint);
		if (n > 1)
			buf_printf(&name, "-%d", n);
		buf_reset(&ref);
		buf_printf(&ref, "refs/heads/%s/%s", topic, name.ptr);
		if (strvec_find(taken, name.ptr) >= 0 || ref_exists(git, ref.ptr, NULL))
			continue;
		buf_reset(&ref);
		buf_printf(&ref, "refs/tags/sent/%s/%s-v1", topic, name.ptr);
		if (!ref_exists(git, ref.ptr, NULL))
			break;
	}
	buf_release(&ref);
	return buf_detach(&name, NULL);
}

/* b4's change-id, YYYYMMDD-<slug>-<12 hex>; ours hashes topic and group. */
static char *new_change_id(const char *topic, const char *group, const char *name,
			   const struct identity *id)
{
	time_t t = (time_t)id->when + id->offset * 60;
	struct buf b = BUF_INIT, key = BUF_INIT;
	char day[16], hex[GIT_OID_HEXSZ + 1];
	struct tm tm;
	git_oid oid;

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	buf_printf(&key, "%s\n%s\n%lld", topic, group, (long long)id->when);
	git_odb_hash(&oid, key.ptr, key.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, 13, &oid);
	buf_printf(&b, "%s-", day);
	for (const char *p = name; *p; p++)
		buf_putc(&b, isalnum((unsigned char)*p) ? *p : '-');
	buf_printf(&b, "-%s", hex);
	buf_release(&key);
	return buf_detach(&b, NULL);
}

static int newest_tag(const char *ref, void *payload)
{
	int *last = payload;
	const char *v = strrchr(ref, 'v');
	char *end;
	long n = v ? strtol(v + 1, &end, 10) : 0;

	if (v && v[-1] == '-' && !*end && n > *last && n < 100000)
		*last = (int)n;
	return 0;
}

static char *tag_ref(const char *topic, const char *name, int version)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "refs/tags/sent/%s/%s-v%d", topic, name, version);
	return buf_detach(&b, NULL);
}

int series_state_find(struct series_state *st, git_repository *git, const char *topic,
		      const char *group, const char *hint, const struct strvec *taken,
		      const struct identity *id)
{
	struct find f = { git, group, NULL, { { 0 } } };
	struct buf glob = BUF_INIT;
	int ret = 0;

	buf_printf(&glob, "refs/heads/%s/*", topic);
	git_reference_foreach_glob(git, glob.ptr, match_branch, &f);
	if (f.ref) {
		st->found = true;
		st->branch_ref = f.ref;
		st->branch_tip = f.tip;
		st->name = xstrdup(f.ref + glob.len - 1);
		if ((ret = read_branch(st, git, f.ref, &f.tip)) < 0)
			goto out;
		st->change_id = json_string(st->tracking, "change-id", NULL);
	} else {
		st->name = unique_name(git, topic, hint, taken);
		buf_reset(&glob);
		buf_printf(&glob, "refs/heads/%s/%s", topic, st->name);
		st->branch_ref = xstrdup(glob.ptr);
	}
	if (!st->change_id)
		st->change_id = new_change_id(topic, group, st->name, id);
	buf_reset(&glob);
	buf_printf(&glob, "refs/tags/sent/%s/%s-v*", topic, st->name);
	git_reference_foreach_glob(git, glob.ptr, newest_tag, &st->last);
out:
	buf_release(&glob);
	return ret;
}

/* The tag's commit and the base-commit: its message names. */
static int read_version(struct series_state *st, git_repository *git, const char *ref)
{
	git_object *obj = NULL;
	git_tag *tag = NULL;
	const char *msg, *b;
	int ret = 0;

	if (git_revparse_single(&obj, git, ref) < 0)
		return error_git("cannot read the tag '%s'", ref + 10);
	if (git_object_type(obj) != GIT_OBJECT_TAG) {
		git_object_free(obj);
		return error("tag '%s' is not an annotated tag as kmap-local and b4 write; "
			     "delete it, or write this version with -v N --force", ref + 10);
	}
	tag = (git_tag *)obj;
	st->prev_tip = *git_tag_target_id(tag);
	msg = git_tag_message(tag);
	b = msg ? strstr(msg, "\nbase-commit: ") : NULL;
	if (!b || git_oid_fromstrn(&st->prev_base, b + 14, GIT_OID_HEXSZ) < 0)
		ret = error("tag '%s' names no base-commit; it was not written by kmap-local "
			    "or b4", ref + 10);
	git_object_free(obj);
	return ret;
}

int series_state_version(struct series_state *st, git_repository *git, const char *topic,
			 int want, bool force)
{
	char *prev = NULL;
	int ret = 0;

	st->version = want ? want : force && st->last ? st->last : st->last + 1;
	st->tag_ref = tag_ref(topic, st->name, st->version);
	st->tag_exists = ref_exists(git, st->tag_ref, &st->tag_seen);
	if (st->tag_exists && !force)
		return error("series '%s' already has v%d; re-roll it with -v %d or replace it "
			     "with --force", st->name, st->version, st->last + 1);
	if (st->version == 1)
		return 0;
	prev = tag_ref(topic, st->name, st->version - 1);
	if (!ref_exists(git, prev, NULL))
		ret = error("series '%s' has no v%d to re-roll%s; use -v %d", st->name,
			    st->version - 1, st->last ? "" : " (it is new)", st->last + 1);
	else if (!(ret = read_version(st, git, prev)))
		st->has_prev = true;
	st->prev_msgid = history_msgid(st->tracking, st->version - 1);
	free(prev);
	return ret;
}

int series_state_commit(struct series_state *st, git_repository *git, const char *topic,
			const char *group, const git_oid *base, const git_oid *patches,
			size_t nr, const char *cover, const char *tag_msg, const char *msgid,
			const struct identity *id)
{
	struct buf msg = BUF_INIT;
	git_signature *sig = NULL;
	git_object *target = NULL;
	git_oid *copies = xcalloc(nr + 1, sizeof(*copies));
	int ret;

	buf_printf(&msg, "%s\n\n%s\n# This section is used internally by b4 prep for tracking"
		   " purposes.\n", cover, B4_MARKER);
	tracking_json(&msg, st, topic, group, msgid);
	if ((ret = commit_empty(&st->cover, git, base, id, msg.ptr)) < 0 ||
	    (ret = commit_copy(copies, git, &st->cover, patches, nr)) < 0)
		goto out;
	st->tip = nr ? copies[nr - 1] : st->cover;
	if (git_signature_new(&sig, id->name, id->email, id->when, id->offset) < 0 ||
	    git_object_lookup(&target, git, &patches[nr - 1], GIT_OBJECT_COMMIT) < 0 ||
	    git_tag_annotation_create(&st->tag, git, st->tag_ref + 10, target, sig, tag_msg) < 0)
		ret = error_git("cannot write the tag '%s'", st->tag_ref + 10);
out:
	git_object_free(target);
	git_signature_free(sig);
	free(copies);
	buf_release(&msg);
	return ret;
}

static int lock_unchanged(git_transaction *tx, git_repository *git, const char *ref, bool was,
			  const git_oid *seen, const char *topic)
{
	git_oid now;
	bool exists;

	if (git_transaction_lock_ref(tx, ref) < 0)
		return error_git("cannot lock '%s'", ref);
	exists = ref_exists(git, ref, &now);
	if (exists != was || (exists && !git_oid_equal(&now, seen)))
		return error("'%s' was changed by another command while this run was making "
			     "topic '%s'; nothing was written: run again", ref, topic);
	return 0;
}

int series_state_publish(struct series_state *const *v, size_t nr, git_repository *git,
			 const char *topic)
{
	git_transaction *tx = NULL;
	struct buf msg = BUF_INIT;
	int ret = 0;

	if (git_transaction_new(&tx, git) < 0)
		return error_git("cannot start a ref transaction");
	for (size_t i = 0; i < nr && !ret; i++)
		if (!(ret = lock_unchanged(tx, git, v[i]->branch_ref, v[i]->found,
					   &v[i]->branch_tip, topic)))
			ret = lock_unchanged(tx, git, v[i]->tag_ref, v[i]->tag_exists,
					     &v[i]->tag_seen, topic);
	for (size_t i = 0; i < nr && !ret; i++) {
		buf_reset(&msg);
		buf_printf(&msg, "kmap-local series: %s v%d", v[i]->name, v[i]->version);
		if (git_transaction_set_target(tx, v[i]->branch_ref, &v[i]->tip, NULL, msg.ptr) < 0 ||
		    git_transaction_set_target(tx, v[i]->tag_ref, &v[i]->tag, NULL, msg.ptr) < 0)
			ret = error_git("cannot update the refs of series '%s'", v[i]->name);
	}
	if (!ret && git_transaction_commit(tx) < 0)
		ret = error_git("cannot write the refs of topic '%s'", topic);
	git_transaction_free(tx);
	buf_release(&msg);
	return ret;
}

void series_state_release(struct series_state *st)
{
	free(st->name);
	free(st->branch_ref);
	free(st->change_id);
	free(st->old);
	free(st->tracking);
	free(st->prev_msgid);
	free(st->tag_ref);
	*st = (struct series_state){ 0 };
}
