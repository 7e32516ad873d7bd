#include "outdir.h"
#include "error.h"
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int outdir_check_place(const char *dir, git_repository *git)
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

int outdir_check(const char *dir)
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

int outdir_stage(char **out, const char *dir)
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

int outdir_publish(const char *staging, const char *dir)
{
	if (rmdir(dir) < 0 && errno != ENOENT)
		return error_errno("cannot replace the empty directory '%s'", dir);
	if (rename(staging, dir) < 0)
		return error_errno("cannot move '%s' to '%s'", staging, dir);
	return 0;
}

bool outdir_has_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool files = false;

	while (d && !files && (e = readdir(d)))
		files = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return files;
}

int outdir_publish_into(const char *staging, const char *dir, const char *const *names,
			size_t nr)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < nr && !ret; i++) {
		buf_reset(&from);
		buf_reset(&to);
		buf_printf(&from, "%s/%s", staging, names[i]);
		buf_printf(&to, "%s/%s", dir, names[i]);
		/* a series directory replaces nothing; report.json replaces the old one */
		if (rmdir(to.ptr) < 0 && errno != ENOENT && errno != ENOTDIR)
			ret = error_errno("cannot replace the empty directory '%s'", to.ptr);
		else if (rename(from.ptr, to.ptr) < 0)
			ret = error_errno("cannot move '%s' to '%s'", from.ptr, to.ptr);
	}
	if (!ret)
		remove_tree(staging);
	buf_release(&from);
	buf_release(&to);
	return ret;
}

void outdir_unpublish(const char *dir)
{
	remove_tree(dir);
}

void outdir_discard(const char *staging)
{
	struct stat st;

	if (!stat(staging, &st))
		remove_tree(staging);
}
