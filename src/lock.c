#include "lock.h"
#include "buf.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static long holder(int fd)
{
	char text[32] = { 0 };

	if (pread(fd, text, sizeof(text) - 1, 0) <= 0)
		return 0;
	return strtol(text, NULL, 10);
}

static int write_pid(int fd)
{
	char text[32];
	int n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) != n)
		return -1;
	return 0;
}

static int take(int fd, const char *what, enum lock_mode mode)
{
	long pid;

	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return error_errno("cannot lock %s", what);
		pid = holder(fd);
		if (mode == LOCK_FAIL)
			return error("another kmap-local run (pid %ld) is using %s; wait for it "
				     "to finish", pid, what);
		note("waiting for another kmap-local run (pid %ld) to finish with %s", pid, what);
		while (flock(fd, LOCK_EX) < 0)
			if (errno != EINTR)
				return error_errno("cannot lock %s", what);
		break;
	}
	return 0;
}

int lock_take(struct lock *l, const char *path, const char *what, enum lock_mode mode)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	int ret;

	struct stat st;

	if (fd < 0)
		return error_errno("cannot open the lock file '%s'", path);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error("the lock file '%s' is not a regular file; remove it", path);
	}
	if ((ret = take(fd, what, mode)) < 0) {
		close(fd);
		return ret;
	}
	if (write_pid(fd) < 0) {
		close(fd);
		return error_errno("cannot write the lock file '%s'", path);
	}
	l->fd = fd;
	l->path = xstrdup(path);
	return 0;
}

void lock_release(struct lock *l)
{
	if (l->fd >= 0)
		close(l->fd);
	free(l->path);
	*l = (struct lock)LOCK_INIT;
}
