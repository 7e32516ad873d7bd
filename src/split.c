#include "split.h"
#include "error.h"
#include "repo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_HITS 64		/* commits that touch the files, as Kees Cook's script */
#define HISTORY_SCAN 10000	/* commits looked at, at most, per patch */

int split_mode_parse(enum split_mode *out, const char *name)
{
	if (!name || !strcmp(name, "section"))
		*out = SPLIT_SECTION;
	else if (!strcmp(name, "directory"))
		*out = SPLIT_DIRECTORY;
	else if (!strcmp(name, "file"))
		*out = SPLIT_FILE;
	else
		return error_usage("unknown --split '%s' (use section, directory or file)", name);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* The most specific section, unless only the catch-all (depth -1) covers it. */
static const struct maint_section *primary_section(const struct maintainers *m,
						   const char *path)
{
	struct maint_matches mm = { NULL, 0, 0 };
	const struct maint_section *s = NULL;

	maintainers_match(&mm, m, path);
	if (mm.nr && mm.v[0].depth >= 0)
		s = mm.v[0].section;
	maint_matches_release(&mm);
	return s;
}

static char *group_key(const struct maintainers *m, enum split_mode mode, const char *path,
		       const struct maint_section **section)
{
	struct buf key = BUF_INIT;
	char *dir;

	*section = mode == SPLIT_SECTION && !m->missing ? primary_section(m, path) : NULL;
	if (*section) {
		buf_printf(&key, "section:%s", (*section)->name);
	} else if (mode == SPLIT_FILE) {
		buf_printf(&key, "file:%s", path);
	} else {
		dir = dir_of(path);
		buf_printf(&key, "dir:%s", dir);
		free(dir);
	}
	return buf_detach(&key, NULL);
}

static struct plan_patch *patch_for(struct plan *p, const char *key,
				    const struct maint_section *s)
{
	struct plan_patch *pp;

	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].key, key))
			return &p->v[i];
	ALLOC_GROW(p->v, p->nr, p->alloc);
	pp = &p->v[p->nr++];
	*pp = (struct plan_patch){ 0 };
	pp->key = xstrdup(key);
	pp->section = s ? xstrdup(s->name) : NULL;
	pp->rcpt = (struct recipients)RECIPIENTS_INIT;
	return pp;
}

/* The map call at a converted site (the post-checks found it). */
static const struct kmap_call *site_call(const struct site *s)
{
	return s->call ? s->call : kmap_call_find("kmap_atomic", strlen("kmap_atomic"));
}

static void add_sites(struct plan_patch *pp, const struct file_result *f)
{
	for (size_t i = 0; i < f->nr_sites; i++) {
		const struct site *s = &f->sites[i];

		if (!verdict_converts(s->verdict))
			continue;
		ALLOC_GROW(pp->sites, pp->nr_sites, pp->alloc_sites);
		pp->sites[pp->nr_sites++] = (struct plan_site){ f, s, site_call(s) };
	}
}

static void group_files(struct plan *out, const struct results *res,
			const struct maintainers *m, enum split_mode mode)
{
	for (size_t i = 0; i < res->nr; i++) {
		const struct file_result *f = &res->v[i];
		const struct maint_section *s;
		struct plan_patch *pp;
		char *key;

		if (!f->changed)
			continue;
		key = group_key(m, mode, f->path, &s);
		pp = patch_for(out, key, s);
		free(key);
		ALLOC_GROW(pp->files, pp->nr, pp->alloc);
		pp->files[pp->nr++] = f;
		add_sites(pp, f);
	}
}

bool split_subject_prefix(struct buf *out, const char *summary)
{
	const char *p = summary, *last = NULL;

	if (!strncmp(summary, "Revert", 6) || !strncmp(summary, "Merge", 5) ||
	    !strncasecmp(summary, "treewide", 8))
		return false;
	for (;;) {
		size_t n = strcspn(p, ": \t");

		if (!n || p[n] != ':' || (p[n + 1] != ' ' && p[n + 1] != '\0'))
			break;
		last = p + n;
		p += n + 1;
		while (*p == ' ')
			p++;
	}
	if (!last)
		return false;
	buf_reset(out);
	buf_add(out, summary, (size_t)(last - summary));
	return strcmp(out->ptr, "net") != 0;
}

/* The deepest directory holding every path ("" for the top). */
static void common_dir(struct buf *out, const char *const *paths, size_t nr)
{
	char *first = dir_of(paths[0]);

	buf_reset(out);
	if (strcmp(first, "."))
		buf_puts(out, first);
	free(first);
	for (size_t i = 1; i < nr; i++) {
		while (out->len && (strncmp(paths[i], out->ptr, out->len) ||
				    paths[i][out->len] != '/')) {
			char *slash = strrchr(out->ptr, '/');

			buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
		}
	}
}

static size_t split_parts(char parts[4][128], const char *dir)
{
	size_t n = 0;

	while (*dir && n < 4) {
		size_t len = strcspn(dir, "/");

		snprintf(parts[n++], 128, "%.*s", (int)len, dir);
		dir += len + (dir[len] == '/');
	}
	return n;
}

static void base_name(struct buf *out, const char *path)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	const char *dot = strrchr(name, '.');

	buf_add(out, name, dot ? (size_t)(dot - name) : strlen(name));
}

/* Directory names that say too little alone: "mmc: host", "smb: client". */
static bool generic_dir(const char *name)
{
	static const char *const generic[] = { "core", "host", "common", "client", "server",
					       "lib", "generic" };

	for (size_t i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (!strcmp(name, generic[i]))
			return true;
	return false;
}

static bool subsystem_top(const char *name)
{
	return !strcmp(name, "fs") || !strcmp(name, "drivers") || !strcmp(name, "net") ||
	       !strcmp(name, "security") || !strcmp(name, "sound");
}

static void prefix_of_dir(struct buf *out, char parts[4][128], size_t n, const char *const *paths,
			  size_t nr)
{
	if (n >= 4 && !strcmp(parts[0], "drivers") && !strcmp(parts[1], "gpu") &&
	    !strcmp(parts[2], "drm")) {
		buf_printf(out, "drm/%s", parts[3]);
	} else if (!strcmp(parts[0], "mm") || !strcmp(parts[0], "lib") ||
		   !strcmp(parts[0], "kernel")) {
		buf_puts(out, parts[0]);
		if (n > 1) {
			buf_printf(out, "/%s", parts[1]);
		} else if (nr == 1) {
			buf_putc(out, '/');
			base_name(out, paths[0]);
		}
	} else if (!strcmp(parts[0], "arch") && n > 1) {
		buf_puts(out, parts[1]);
		if (n > 2)
			buf_printf(out, "/%s", parts[2]);
	} else if (n > 1 && subsystem_top(parts[0])) {
		size_t leaf = !strcmp(parts[0], "fs") ? 1 : n - 1;

		if (generic_dir(parts[n - 1]) && n > 2)
			buf_printf(out, "%s: %s", parts[n - 2], parts[n - 1]);
		else
			buf_puts(out, parts[leaf]);
	} else {
		buf_puts(out, parts[0]);
	}
}

void split_prefix_from_paths(struct buf *out, const char *const *paths, size_t nr)
{
	struct buf dir = BUF_INIT;
	char parts[4][128];
	size_t n;

	common_dir(&dir, paths, nr);
	if (!dir.len && nr > 1)		/* no common directory: name it after the first file */
		common_dir(&dir, paths, 1);
	n = split_parts(parts, dir.ptr);
	buf_reset(out);
	if (!n)
		buf_puts(out, "kmap");	/* files at the top of the tree */
	else
		prefix_of_dir(out, parts, n, paths, nr);
	buf_release(&dir);
}

static bool commit_touches(git_tree *tree, git_tree *parent, const struct plan_patch *pp)
{
	for (size_t i = 0; i < pp->nr; i++) {
		git_tree_entry *a = NULL, *b = NULL;
		bool differ;

		git_tree_entry_bypath(&a, tree, pp->files[i]->path);
		if (parent)
			git_tree_entry_bypath(&b, parent, pp->files[i]->path);
		differ = (a == NULL) != (b == NULL) ||
			 (a && !git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)));
		git_tree_entry_free(a);
		git_tree_entry_free(b);
		if (differ)
			return true;
	}
	return false;
}

static bool counts_for(git_repository *git, const git_oid *id, const struct plan_patch *pp,
		       struct buf *prefix)
{
	git_commit *c = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	bool hit = false;

	if (git_commit_lookup(&c, git, id) < 0 || git_commit_parentcount(c) > 1)
		goto out;
	if (git_commit_tree(&tree, c) < 0)
		goto out;
	if (git_commit_parentcount(c) == 1 &&
	    (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&ptree, parent) < 0))
		goto out;
	hit = commit_touches(tree, ptree, pp) && split_subject_prefix(prefix, git_commit_summary(c));
out:
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(c);
	return hit;
}

/* Most common prefix among the hits; the first (most recent) wins ties. */
static int prefix_from_history(struct buf *out, git_repository *git, git_commit *base,
			       const struct plan_patch *pp)
{
	struct strvec seen = STRVEC_INIT;
	int counts[HISTORY_HITS] = { 0 }, best = -1;
	struct buf prefix = BUF_INIT;
	git_revwalk *walk = NULL;
	git_oid id;
	size_t scanned = 0;

	if (git_revwalk_new(&walk, git) < 0 || git_revwalk_push(walk, git_commit_id(base)) < 0) {
		git_revwalk_free(walk);
		return error_git("cannot walk the history of %s", git_oid_tostr_s(git_commit_id(base)));
	}
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	while (seen.nr < HISTORY_HITS && scanned++ < HISTORY_SCAN && !git_revwalk_next(&id, walk)) {
		int at;

		if (!counts_for(git, &id, pp, &prefix))
			continue;
		if ((at = strvec_find(&seen, prefix.ptr)) < 0) {
			strvec_push(&seen, prefix.ptr);
			at = (int)seen.nr - 1;
		}
		counts[at]++;
		if (best < 0 || counts[at] > counts[best])
			best = at;
	}
	buf_reset(out);
	if (best >= 0)
		buf_puts(out, seen.v[best]);
	strvec_clear(&seen);
	buf_release(&prefix);
	git_revwalk_free(walk);
	return 0;
}


/* "a()", "a() and b()", "a(), b() and c()" */
static void join_calls(struct buf *out, const struct strvec *names)
{
	for (size_t i = 0; i < names->nr; i++) {
		if (i)
			buf_puts(out, i + 1 == names->nr ? " and " : ", ");
		buf_printf(out, "%s()", names->v[i]);
	}
}

static void push_unique(struct strvec *v, const char *s)
{
	if (strvec_find(v, s) < 0)
		strvec_push(v, s);
}

static void subject_action(struct buf *out, const struct plan_patch *pp)
{
	struct strvec from = STRVEC_INIT, to = STRVEC_INIT, helpers = STRVEC_INIT;
	bool plain = false;

	for (size_t c = 0; c < nr_kmap_calls; c++)
		for (size_t i = 0; i < pp->nr_sites; i++)
			if (pp->sites[i].call == &kmap_calls[c])
				push_unique(&from, kmap_calls[c].name);
	for (size_t i = 0; i < pp->nr_sites; i++) {
		const char *v = pp->sites[i].site->verdict;

		if (verdict_kind(v) == VERDICT_HELPER) {
			push_unique(&helpers, v + strlen("helper:"));
		} else {
			plain = true;
			push_unique(&to, pp->sites[i].call->becomes);
		}
	}
	buf_reset(out);
	if (!plain && helpers.nr) {
		buf_puts(out, "Use ");
		join_calls(out, &helpers);
	} else {
		buf_puts(out, "Convert ");
		join_calls(out, &from);
		buf_puts(out, " to ");
		join_calls(out, &to);
	}
	strvec_clear(&from);
	strvec_clear(&to);
	strvec_clear(&helpers);
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A prefix is one line: a control character a path brought in is a space. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

static void make_subject(struct plan_patch *pp)
{
	struct buf action = BUF_INIT, s = BUF_INIT;
	const char *file = strrchr(pp->files[0]->path, '/');

	subject_action(&action, pp);
	buf_printf(&s, "%s: %s", pp->prefix, action.ptr);
	if (s.len > SUBJECT_MAX) {
		bool atomic_only = true;

		for (size_t i = 0; i < pp->nr_sites; i++)
			atomic_only &= !strncmp(pp->sites[i].call->name, "kmap_atomic", 11);
		buf_reset(&s);
		buf_printf(&s, "%s: Convert %s to kmap_local_*()", pp->prefix,
			   atomic_only ? "kmap_atomic*()" : "kmap*()");
	}
	if (s.len > SUBJECT_MAX) {
		buf_reset(&s);
		buf_puts(&s, "Convert to kmap_local_page()");
	}
	file = file ? file + 1 : pp->files[0]->path;
	if (pp->nr == 1 && s.len + 4 + strlen(file) <= SUBJECT_MAX && !has_control(file))
		buf_printf(&s, " in %s", file);
	pp->subject = buf_detach(&s, NULL);
	buf_release(&action);
}

/* The first T: among the sections of the patch's first file, deepest first. */
static void make_group(struct plan_patch *pp, const struct maintainers *m)
{
	struct maint_matches mm = { NULL, 0, 0 };
	const char *tree = NULL;

	maintainers_match(&mm, m, pp->files[0]->path);
	for (size_t i = 0; i < mm.nr && !tree; i++)
		if (mm.v[i].depth >= 0)
			tree = maint_section_tree(mm.v[i].section);
	maint_matches_release(&mm);
	if (tree)
		pp->group = xstrdup(tree);
	else if (pp->rcpt.to.nr)
		pp->group = xstrdup(pp->rcpt.to.v[0]);
	else
		pp->group = xstrdup(pp->prefix);
}

static int name_patch(struct plan_patch *pp, const struct maintainers *m, git_repository *git,
		      git_commit *base)
{
	const char **paths = xcalloc(pp->nr, sizeof(*paths));
	struct buf prefix = BUF_INIT;
	int ret;

	for (size_t i = 0; i < pp->nr; i++)
		paths[i] = pp->files[i]->path;
	if ((ret = prefix_from_history(&prefix, git, base, pp)) < 0)
		goto out;
	pp->prefix_from_history = prefix.len > 0;
	if (!prefix.len)
		split_prefix_from_paths(&prefix, paths, pp->nr);
	one_line(prefix.ptr);
	pp->prefix = buf_detach(&prefix, NULL);
	make_subject(pp);
	maintainers_recipients(&pp->rcpt, m, paths, pp->nr);
	make_group(pp, m);
out:
	buf_release(&prefix);
	free(paths);
	return ret;
}

int split_plan(struct plan *out, const struct results *res, const struct maintainers *m,
	       enum split_mode mode, git_repository *git, git_commit *base)
{
	int ret = 0;

	out->flagged_from = res;
	group_files(out, res, m, mode);
	for (size_t i = 0; i < out->nr && !ret; i++)
		ret = name_patch(&out->v[i], m, git, base);
	return ret;
}

void plan_patch_verdicts(struct buf *out, const struct plan_patch *p)
{
	struct strvec kinds = STRVEC_INIT;

	for (size_t i = 0; i < p->nr_sites; i++)
		push_unique(&kinds, p->sites[i].site->verdict);
	strvec_sort(&kinds);
	buf_reset(out);
	for (size_t k = 0; k < kinds.nr; k++) {
		size_t n = 0;

		for (size_t i = 0; i < p->nr_sites; i++)
			n += !strcmp(p->sites[i].site->verdict, kinds.v[k]);
		buf_printf(out, "%s%zu %s", k ? ", " : "", n, kinds.v[k]);
	}
	strvec_clear(&kinds);
}

void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		struct plan_patch *pp = &p->v[i];

		free(pp->sites);
		free(pp->files);
		free(pp->key);
		free(pp->section);
		free(pp->prefix);
		free(pp->subject);
		free(pp->group);
		recipients_release(&pp->rcpt);
	}
	free(p->v);
	*p = (struct plan)PLAN_INIT;
}
