#include "repo.h"
#include "error.h"
#include "fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *cwd_prefix(git_repository *git)
{
	const char *wd = git_repository_workdir(git);
	char cwd[4096];
	size_t n;

	if (!wd || !getcwd(cwd, sizeof(cwd)))
		return xstrdup("");
	n = strlen(wd);
	if (strlen(cwd) + 1 < n || strncmp(cwd, wd, n - 1) || (cwd[n - 1] && cwd[n - 1] != '/'))
		return xstrdup("");
	if (!cwd[n - 1] || !cwd[n])
		return xstrdup("");
	{
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s/", cwd + n);
		return buf_detach(&b, NULL);
	}
}

/* Paths in our text output follow the repository's core.quotePath. */
static void read_quote_path(git_repository *git)
{
	git_config *cfg = NULL;
	int v;

	if (git_repository_config_snapshot(&cfg, git) == 0 &&
	    git_config_get_bool(&v, cfg, "core.quotepath") == 0)
		quote_path_fully = v;
	git_config_free(cfg);
}

int repo_open(struct repo *r, const char *dir)
{
	const char *start = dir ? dir : ".";
	int flags = dir ? GIT_REPOSITORY_OPEN_NO_SEARCH : 0;

	if (dir && access(dir, F_OK) < 0)
		return error_errno("cannot use '%s' as the repository", dir);
	if (git_repository_open_ext(&r->git, start, flags,
				    getenv("GIT_CEILING_DIRECTORIES")) < 0) {
		if (dir)
			return error("not a git repository: '%s' (use -C DIR to name one)", dir);
		return error("not a git repository (or any parent up to /); "
			     "run inside a kernel git tree or use -C DIR");
	}
	r->gitdir = xstrdup(git_repository_path(r->git));
	r->prefix = dir ? xstrdup("") : cwd_prefix(r->git);
	read_quote_path(r->git);
	return 0;
}

int repo_resolve_base(struct repo *r, const char *rev)
{
	git_object *obj = NULL;
	int ret = 0;

	if (!rev)
		rev = "HEAD";
	if (git_revparse_single(&obj, r->git, rev) < 0 ||
	    git_object_peel((git_object **)&r->base_commit, obj, GIT_OBJECT_COMMIT) < 0) {
		if (!strcmp(rev, "HEAD"))
			ret = error("the repository has no commit at HEAD; use --base REV");
		else
			ret = error("unknown revision '%s' for --base (try a branch, tag or commit id)",
				    rev);
		goto out;
	}
	if (git_commit_tree(&r->base_tree, r->base_commit) < 0) {
		ret = error_git("cannot read the tree of '%s'", rev);
		goto out;
	}
	git_oid_tostr(r->base_hex, sizeof(r->base_hex), git_commit_id(r->base_commit));
out:
	git_object_free(obj);
	return ret;
}

struct walk_state {
	struct blob_list *out;
	git_pathspec **specs;
	size_t nr_specs;
	bool *matched;
};

static bool is_c_file(const char *name)
{
	size_t n = strlen(name);

	return n > 2 && name[n - 2] == '.' && (name[n - 1] == 'c' || name[n - 1] == 'h');
}

static bool path_matches(struct walk_state *w, const char *path)
{
	bool any = !w->nr_specs;

	for (size_t i = 0; i < w->nr_specs; i++)
		if (git_pathspec_matches_path(w->specs[i], 0, path)) {
			w->matched[i] = true;
			any = true;
		}
	return any;
}

/* Could root + name be a C file?  Most of a tree is not (and needs no path). */
static bool may_be_c_file(const char *name)
{
	size_t n = strlen(name);

	return n >= 2 && name[n - 2] == '.' && (name[n - 1] == 'c' || name[n - 1] == 'h');
}

static int walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk_state *w = payload;
	struct blob_entry *b;
	struct buf path = BUF_INIT;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    (!w->nr_specs && !may_be_c_file(git_tree_entry_name(e))))
		return 0;
	buf_puts(&path, root);
	buf_puts(&path, git_tree_entry_name(e));
	if (!path_matches(w, path.ptr) || !is_c_file(path.ptr) ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		buf_release(&path);
		return 0;
	}
	ALLOC_GROW(w->out->v, w->out->nr + 1, w->out->alloc);
	b = &w->out->v[w->out->nr++];
	b->path = buf_detach(&path, NULL);
	git_oid_cpy(&b->id, git_tree_entry_id(e));
	b->size = 0;
	return 0;
}

static int make_specs(struct walk_state *w, struct repo *r, const struct strvec *paths)
{
	w->nr_specs = paths->nr;
	w->specs = xcalloc(paths->nr, sizeof(*w->specs));
	w->matched = xcalloc(paths->nr, sizeof(*w->matched));
	for (size_t i = 0; i < paths->nr; i++) {
		struct buf spec = BUF_INIT;
		git_strarray arr;
		char *one;
		int rc;

		buf_printf(&spec, "%s%s", r->prefix, paths->v[i]);
		while (spec.len > 1 && spec.ptr[spec.len - 1] == '/')
			buf_truncate(&spec, spec.len - 1);
		one = spec.ptr;
		arr.strings = &one;
		arr.count = 1;
		rc = git_pathspec_new(&w->specs[i], &arr);
		buf_release(&spec);
		if (rc < 0)
			return error_git("invalid pathspec '%s'", paths->v[i]);
	}
	return 0;
}

/* A pathspec may match a directory that holds no C file: that is fine. */
static bool spec_names_something(struct repo *r, git_pathspec *spec, const char *path)
{
	git_pathspec_match_list *list = NULL;
	size_t n = 0;

	(void)path;
	if (git_pathspec_match_tree(&list, r->base_tree, GIT_PATHSPEC_NO_MATCH_ERROR, spec) == 0)
		n = git_pathspec_match_list_entrycount(list);
	git_pathspec_match_list_free(list);
	return n > 0;
}

int repo_walk_c_files(struct blob_list *out, struct repo *r, const struct strvec *paths)
{
	struct walk_state w = { out, NULL, 0, NULL };
	int ret;

	if ((ret = make_specs(&w, r, paths)) < 0)
		goto out;
	if (git_tree_walk(r->base_tree, GIT_TREEWALK_PRE, walk_cb, &w) < 0) {
		ret = error_git("cannot walk the tree of %s", r->base_hex);
		goto out;
	}
	for (size_t i = 0; i < w.nr_specs; i++)
		if (!w.matched[i] && !spec_names_something(r, w.specs[i], paths->v[i])) {
			ret = error("pathspec '%s' did not match any file in %.12s",
				    paths->v[i], r->base_hex);
			goto out;
		}
out:
	for (size_t i = 0; i < w.nr_specs; i++)
		git_pathspec_free(w.specs[i]);
	free(w.specs);
	free(w.matched);
	return ret;
}

int repo_read_blob(struct buf *out, git_repository *git, const git_oid *id)
{
	git_blob *blob = NULL;
	char hex[GIT_OID_HEXSZ + 1];

	if (git_blob_lookup(&blob, git, id) < 0) {
		git_oid_tostr(hex, sizeof(hex), id);
		return error_git("cannot read blob %s", hex);
	}
	buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

int repo_state_dir(struct buf *out, struct repo *r, const char *sub)
{
	buf_printf(out, "%skmap-local/%s", r->gitdir, sub);
	return mkdir_p(out->ptr);
}

void repo_release(struct repo *r)
{
	git_tree_free(r->base_tree);
	git_commit_free(r->base_commit);
	git_repository_free(r->git);
	free(r->gitdir);
	free(r->prefix);
	*r = (struct repo)REPO_INIT;
}

void blob_list_release(struct blob_list *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

/* Resolve "." and ".." in prefix + arg; false if it climbs out of the tree. */
static bool normalize_path(struct buf *out, const char *prefix, const char *arg)
{
	struct buf in = BUF_INIT;
	bool ok = true;

	buf_printf(&in, "%s%s", *arg == '/' ? "" : prefix, arg);
	buf_reset(out);
	for (char *p = in.ptr, *next; *p && ok; p = next) {
		size_t n = strcspn(p, "/");

		next = p[n] ? p + n + 1 : p + n;
		if (!n || (n == 1 && *p == '.'))
			continue;
		if (n == 2 && !strncmp(p, "..", 2)) {
			char *slash;

			ok = out->len > 0;
			slash = strrchr(out->ptr, '/');
			buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
			continue;
		}
		if (out->len)
			buf_putc(out, '/');
		buf_add(out, p, n);
	}
	buf_release(&in);
	return ok;
}

int repo_tree_path(struct buf *out, struct repo *r, const char *arg)
{
	git_tree_entry *e = NULL;

	if (*arg == '/' || !normalize_path(out, r->prefix, arg) || !out->len)
		return error("'%s' is outside the repository's tree", arg);
	if (git_tree_entry_bypath(&e, r->base_tree, out->ptr) < 0)
		return error("'%s' is not in the tree of %.12s (check the path or --base)",
			     out->ptr, r->base_hex);
	git_tree_entry_free(e);
	return 0;
}
