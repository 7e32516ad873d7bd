#include "commit.h"
#include "error.h"
#include "fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char *config_string(git_config *cfg, const char *key, const char *env,
			   const char **from)
{
	const char *e = getenv(env);
	git_buf value = { 0 };
	char *s = NULL;

	*from = key;
	if (e && *e) {
		*from = env;
		return xstrdup(e);
	}
	if (cfg && !git_config_get_string_buf(&value, cfg, key)) {
		if (*value.ptr)
			s = xstrdup(value.ptr);
		git_buf_dispose(&value);
	}
	return s;
}

#define LAST_DATE 253402300799LL	/* 9999-12-31 23:59:59 UTC */

/*
 * "@1234567890 +0100" or "1234567890 +0100", as git's test_tick writes it,
 * for a date between 1970 and 9999 and a zone git and mail readers accept.
 */
static int parse_date(struct identity *id, const char *arg)
{
	const char *s = *arg == '@' ? arg + 1 : arg;
	char sign, *end;
	long long when;
	long tz;

	errno = 0;
	when = strtoll(s, &end, 10);
	if (end == s || errno || *end != ' ' || (end[1] != '+' && end[1] != '-') ||
	    strspn(end + 2, "0123456789") != 4 || end[6])
		return error("cannot parse GIT_AUTHOR_DATE '%s' (use '@<seconds> +hhmm')", arg);
	sign = end[1];
	tz = strtol(end + 2, NULL, 10);
	if (when < 0 || when > LAST_DATE || tz % 100 >= 60 || tz > 1400)
		return error("GIT_AUTHOR_DATE '%s' is out of range (seconds from 1970 to "
			     "9999, a zone from -1400 to +1400)", arg);
	id->when = (git_time_t)when;
	id->offset = (int)((tz / 100) * 60 + tz % 100) * (sign == '-' ? -1 : 1);
	return 0;
}

/* A name or address that goes into commit and mail headers: one clean line. */
static int check_ident_part(const char *value, const char *from)
{
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '<' || *p == '>')
			return error("%s holds a line break, a control character or '<'/'>'; "
				     "a commit or mail header cannot hold it", from);
	return 0;
}

void identity_date_now(struct identity *id)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	id->when = (git_time_t)now;
	id->offset = (int)(tm.tm_gmtoff / 60);
}

int identity_date(struct identity *id)
{
	const char *date = getenv("GIT_AUTHOR_DATE");

	if (date && *date)
		return parse_date(id, date);
	identity_date_now(id);
	return 0;
}

int identity_load(struct identity *out, git_repository *git)
{
	const char *name_from, *email_from;
	git_config *cfg = NULL;
	int ret;

	if (git_repository_config_snapshot(&cfg, git) < 0)
		cfg = NULL;
	out->name = config_string(cfg, "user.name", "GIT_AUTHOR_NAME", &name_from);
	out->email = config_string(cfg, "user.email", "GIT_AUTHOR_EMAIL", &email_from);
	git_config_free(cfg);
	if (!out->name || !out->email)
		return error("no identity for the commits and Signed-off-by: set it with "
			     "'git config user.name \"Your Name\"' and "
			     "'git config user.email you@example.org'");
	if ((ret = check_ident_part(out->name, name_from)) < 0 ||
	    (ret = check_ident_part(out->email, email_from)) < 0)
		return ret;
	return identity_date(out);
}

void identity_release(struct identity *id)
{
	free(id->name);
	free(id->email);
	*id = (struct identity)IDENTITY_INIT;
}

char *topic_default_name(const struct identity *id)
{
	time_t t = (time_t)id->when + id->offset * 60;
	struct tm tm;
	char name[64];

	gmtime_r(&t, &tm);
	strftime(name, sizeof(name), "kmap-local/%Y-%m-%d", &tm);
	return xstrdup(name);
}

/* Reuse the date of an interrupted run of this topic and version. */
static int pick_up_state(struct topic *t, struct repo *r, struct identity *id)
{
	struct buf dir = BUF_INIT, state = BUF_INIT;
	long long when;
	int offset, ret;

	if ((ret = repo_state_dir(&dir, r, "series")) < 0)
		goto out;
	buf_putc(&dir, '/');
	for (const char *p = t->name; *p; p++)
		buf_putc(&dir, *p == '/' ? '_' : *p);
	t->state_file = buf_detach(&dir, NULL);
	if (!access(t->state_file, F_OK) && !buf_read_file(&state, t->state_file) &&
	    sscanf(state.ptr, "%lld %d", &when, &offset) == 2 && !getenv("GIT_AUTHOR_DATE")) {
		id->when = (git_time_t)when;
		id->offset = offset;
		t->resumed = true;
		note("resuming the interrupted run of topic '%s'", t->name);
		goto out;
	}
	buf_reset(&state);
	buf_printf(&state, "%lld %d\n", (long long)id->when, id->offset);
	ret = buf_write_file_atomic(&state, t->state_file);
out:
	buf_release(&dir);
	buf_release(&state);
	return ret;
}

#define TOPIC_MAX 200

/* git's rules for a branch name (check-ref-format --branch), and a length. */
static int check_topic_name(const struct topic *t)
{
	int valid = 0;

	if (strlen(t->name) > TOPIC_MAX)
		return error("topic name of %zu bytes is too long for --topic (at most %d)",
			     strlen(t->name), TOPIC_MAX);
	if (!strcmp(t->name, "@") || git_branch_name_is_valid(&valid, t->name) < 0 || !valid)
		return error("'%s' is not a valid branch name for --topic", t->name);
	return 0;
}

/* The branch HEAD of `git` points to (unborn or not), or NULL. */
static char *head_branch(git_repository *git)
{
	git_reference *head = NULL;
	char *name = NULL;

	if (git_reference_lookup(&head, git, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		name = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return name;
}

static bool is_head_of(git_repository *git, const char *ref, struct buf *where)
{
	char *head = head_branch(git);
	bool found = head && !strcmp(head, ref);

	if (found)
		buf_puts(where, git_repository_workdir(git) ? git_repository_workdir(git) :
				git_repository_path(git));
	free(head);
	return found;
}

bool branch_checked_out(git_repository *git, const char *ref, struct buf *where)
{
	git_repository *main = NULL, *wt_repo = NULL;
	git_strarray names = { 0 };
	bool found = false;

	if (git_repository_open(&main, git_repository_commondir(git)) == 0)
		found = is_head_of(main, ref, where);
	found = found || is_head_of(git, ref, where);
	if (!found && git_worktree_list(&names, git) == 0)
		for (size_t i = 0; i < names.count && !found; i++) {
			git_worktree *wt = NULL;

			if (git_worktree_lookup(&wt, git, names.strings[i]) == 0 &&
			    git_repository_open_from_worktree(&wt_repo, wt) == 0)
				found = is_head_of(wt_repo, ref, where);
			git_repository_free(wt_repo);
			wt_repo = NULL;
			git_worktree_free(wt);
		}
	git_strarray_dispose(&names);
	git_repository_free(main);
	return found;
}

static int lock_topic(struct topic *t, struct repo *r)
{
	struct buf path = BUF_INIT, what = BUF_INIT;
	int ret;

	if ((ret = repo_state_dir(&path, r, "locks")) < 0)
		goto out;
	buf_puts(&path, "/topic-");
	for (const char *p = t->name; *p; p++)
		buf_putc(&path, *p == '/' ? '_' : *p);
	buf_puts(&path, ".lock");
	buf_printf(&what, "topic '%s'", t->name);
	ret = lock_take(&t->lock, path.ptr, what.ptr, LOCK_FAIL);
out:
	buf_release(&path);
	buf_release(&what);
	return ret;
}

int topic_prepare(struct topic *t, struct repo *r, const char *name, struct identity *id)
{
	int ret;
	struct buf ref = BUF_INIT;
	git_oid oid;

	t->name = name ? xstrdup(name) : topic_default_name(id);
	if ((ret = check_topic_name(t)) < 0)
		return ret;
	buf_printf(&ref, "refs/heads/%s", t->name);
	if (!git_reference_name_to_id(&oid, r->git, ref.ptr))
		ret = error("branch '%s' already exists; the series branches of a topic go "
			    "under '%s/': choose another --topic", t->name, t->name);
	buf_release(&ref);
	return ret ? ret : lock_topic(t, r);
}

int topic_resume(struct topic *t, struct repo *r, struct identity *id)
{
	return pick_up_state(t, r, id);
}

static int file_mode(git_filemode_t *out, git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return error_git("'%s' is not in the base tree", path);
	*out = git_tree_entry_filemode(e);
	git_tree_entry_free(e);
	return 0;
}

static int patch_tree(git_tree **out, git_repository *git, git_tree *prev,
		      const struct plan_patch *p)
{
	git_tree_update *updates = xcalloc(p->nr, sizeof(*updates));
	git_oid tree_id;
	int ret = 0;

	for (size_t i = 0; i < p->nr && !ret; i++) {
		const struct file_result *f = p->files[i];

		updates[i].action = GIT_TREE_UPDATE_UPSERT;
		updates[i].path = f->path;
		if ((ret = file_mode(&updates[i].filemode, prev, f->path)) < 0)
			break;
		if (git_blob_create_from_buffer(&updates[i].id, git, f->converted.ptr,
						f->converted.len) < 0)
			ret = error_git("cannot write the blob of '%s'", f->path);
	}
	if (!ret && (git_tree_create_updated(&tree_id, git, prev, p->nr, updates) < 0 ||
		     git_tree_lookup(out, git, &tree_id) < 0))
		ret = error_git("cannot write the tree of '%s'", p->subject);
	free(updates);
	return ret;
}

int commit_read_trees(git_tree **old, git_tree **new, git_commit **c, git_repository *git,
		      const git_oid *id)
{
	git_commit *parent = NULL;
	int ret = 0;

	if (git_commit_lookup(c, git, id) < 0 || git_commit_parent(&parent, *c, 0) < 0 ||
	    git_commit_tree(old, parent) < 0 || git_commit_tree(new, *c) < 0)
		ret = error_git("cannot read commit %s", git_oid_tostr_s(id));
	git_commit_free(parent);
	return ret;
}

int commit_patches(git_oid *out, const struct plan *plan, const size_t *idx, size_t nr,
		   git_repository *git, git_commit *base, const struct identity *id,
		   char *const *messages)
{
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	int ret = 0;

	if (git_signature_new(&sig, id->name, id->email, id->when, id->offset) < 0)
		return error_git("invalid identity '%s <%s>'", id->name, id->email);
	if (git_commit_dup(&parent, base) < 0) {
		ret = error_git("cannot read the base commit");
		goto out;
	}
	for (size_t k = 0; k < nr && !ret; k++) {
		const struct plan_patch *p = &plan->v[idx[k]];
		git_tree *prev = NULL;

		if (git_commit_tree(&prev, parent) < 0) {
			ret = error_git("cannot read a tree");
			break;
		}
		ret = patch_tree(&tree, git, prev, p);
		git_tree_free(prev);
		if (ret)
			break;
		if (git_commit_create(&out[k], git, NULL, sig, sig, NULL, messages[idx[k]], tree, 1,
				      (const git_commit **)&parent) < 0) {
			ret = error_git("cannot write the commit '%s'", p->subject);
			break;
		}
		git_commit_free(parent);
		parent = NULL;
		git_tree_free(tree);
		tree = NULL;
		if (git_commit_lookup(&parent, git, &out[k]) < 0)
			ret = error_git("cannot read back a commit");
	}
out:
	git_tree_free(tree);
	git_commit_free(parent);
	git_signature_free(sig);
	return ret;
}

int commit_empty(git_oid *out, git_repository *git, const git_oid *parent_id,
		 const struct identity *id, const char *message)
{
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	int ret = 0;

	if (git_signature_new(&sig, id->name, id->email, id->when, id->offset) < 0)
		return error_git("invalid identity '%s <%s>'", id->name, id->email);
	if (git_commit_lookup(&parent, git, parent_id) < 0 || git_commit_tree(&tree, parent) < 0 ||
	    git_commit_create(out, git, NULL, sig, sig, NULL, message, tree, 1,
			      (const git_commit **)&parent) < 0)
		ret = error_git("cannot write the cover letter commit");
	git_tree_free(tree);
	git_commit_free(parent);
	git_signature_free(sig);
	return ret;
}

int commit_copy(git_oid *out, git_repository *git, const git_oid *onto, const git_oid *commits,
		size_t nr)
{
	git_commit *parent = NULL, *c = NULL;
	git_tree *tree = NULL;
	int ret = 0;

	if (git_commit_lookup(&parent, git, onto) < 0)
		return error_git("cannot read commit %s", git_oid_tostr_s(onto));
	for (size_t i = 0; i < nr && !ret; i++) {
		if (git_commit_lookup(&c, git, &commits[i]) < 0 || git_commit_tree(&tree, c) < 0 ||
		    git_commit_create(&out[i], git, NULL, git_commit_author(c),
				      git_commit_committer(c), NULL, git_commit_message(c), tree, 1,
				      (const git_commit **)&parent) < 0)
			ret = error_git("cannot copy commit %s", git_oid_tostr_s(&commits[i]));
		git_commit_free(parent);
		parent = NULL;
		if (!ret && git_commit_lookup(&parent, git, &out[i]) < 0)
			ret = error_git("cannot read back a commit");
		git_commit_free(c);
		c = NULL;
		git_tree_free(tree);
		tree = NULL;
	}
	git_commit_free(parent);
	return ret;
}

void topic_done(struct topic *t)
{
	if (t->state_file && unlink(t->state_file) < 0 && errno != ENOENT)
		warning("cannot remove '%s': %s", t->state_file, strerror(errno));
}

void topic_release(struct topic *t)
{
	free(t->name);
	free(t->state_file);
	lock_release(&t->lock);
	*t = (struct topic)TOPIC_INIT;
}
