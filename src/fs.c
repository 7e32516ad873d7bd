#define _XOPEN_SOURCE 700
#include "fs.h"
#include "error.h"

#ifndef KMAP_DATA_DIR
#define KMAP_DATA_DIR "/usr/local/share/kmap-local"
#endif

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return error_errno("cannot create directory '%s'", path);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return error_errno("cannot create directory '%s'", path);
	}
	if (access(path, W_OK) < 0)
		return error_errno("cannot write to directory '%s'", path);
	return 0;
}

int mkdir_p(const char *path)
{
	struct buf b = BUF_INIT;
	int ret = 0;

	buf_puts(&b, path);
	for (char *p = b.ptr + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(b.ptr, 0777) < 0 && errno != EEXIST) {
			ret = error_errno("cannot create directory '%s'", b.ptr);
			goto out;
		}
		*p = '/';
	}
	if (mkdir(b.ptr, 0777) < 0 && errno != EEXIST) {
		ret = error_errno("cannot create directory '%s'", b.ptr);
		goto out;
	}
	ret = check_dir(path);
out:
	buf_release(&b);
	return ret;
}

int write_in_full(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int mkdir_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	int ret = 0;

	if (slash && slash != path) {
		struct buf dir = BUF_INIT;

		buf_add(&dir, path, (size_t)(slash - path));
		if (access(dir.ptr, F_OK) < 0)
			ret = mkdir_p(dir.ptr);
		buf_release(&dir);
	}
	return ret;
}

int write_file_atomic_p(const struct buf *b, const char *path)
{
	int ret = mkdir_parent(path);

	return ret < 0 ? ret : buf_write_file_atomic(b, path);
}

int write_file_p(const char *path, const void *data, size_t len)
{
	int fd, ret = mkdir_parent(path);

	if (ret < 0)
		return ret;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return error_errno("cannot create '%s'", path);
	if (write_in_full(fd, data, len) < 0)
		ret = error_errno("cannot write '%s'", path);
	if (close(fd) < 0 && !ret)
		ret = error_errno("cannot write '%s'", path);
	return ret;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void remove_tree(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

const char *data_dir(char *buf, size_t size, const char *name, const char *env_var)
{
	static const char *const rel[] = { "%s/%s", "%s/../%s", "%s/../share/kmap-local/%s" };
	const char *env = getenv(env_var);
	char exe[4096];
	ssize_t n;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		const char *dir;

		exe[n] = '\0';
		dir = dirname(exe);
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(buf, size, rel[i], dir, name);
			if (is_dir(buf))
				return buf;
		}
	}
	snprintf(buf, size, "%s/%s", KMAP_DATA_DIR, name);
	return is_dir(buf) ? buf : NULL;
}
