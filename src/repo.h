#ifndef KMAP_REPO_H
#define KMAP_REPO_H
/*
 * The repository, read through libgit2 only (no git subprocess).
 *
 * repo_open() opens DIR (or discovers the repository from the current
 * directory), repo_resolve_base() turns a revision into the commit and tree
 * the conversion starts from, and repo_walk_blobs() lists the blobs of that
 * tree that match the pathspecs.  Pathspecs are taken relative to the
 * current directory when it is inside the work tree, as git does.
 */
#include "buf.h"
#include "strvec.h"

#include <git2.h>

struct repo {
	git_repository *git;
	char *gitdir;		/* with a trailing slash */
	char *prefix;		/* cwd relative to the work tree, "" or "dir/" */
	git_commit *base_commit;
	git_tree *base_tree;
	char base_hex[GIT_OID_HEXSZ + 1];
};

#define REPO_INIT { NULL, NULL, NULL, NULL, NULL, "" }

struct blob_entry {
	char *path;
	git_oid id;
	size_t size;		/* filled by discover; 0 until then */
};

struct blob_list {
	struct blob_entry *v;
	size_t nr, alloc;
};

int repo_open(struct repo *r, const char *dir);
int repo_resolve_base(struct repo *r, const char *rev);
/* Only files named *.c or *.h are listed: spatch reads nothing else. */
int repo_walk_c_files(struct blob_list *out, struct repo *r,
		      const struct strvec *pathspecs);
int repo_read_blob(struct buf *out, git_repository *git, const git_oid *id);
/*
 * A path given on the command line (relative to the current directory)
 * as a path of the base tree; an error when the tree has no such entry.
 */
int repo_tree_path(struct buf *out, struct repo *r, const char *arg);
/* A directory for our state under the git dir, created on demand. */
int repo_state_dir(struct buf *out, struct repo *r, const char *sub);
void repo_release(struct repo *r);

void blob_list_release(struct blob_list *l);

#endif
