#include "scratch.h"
#include "error.h"
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX "kmap-local."

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **live;
static size_t nr_live, alloc_live;
static bool swept;

static const char *tmp_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && *tmp ? tmp : "/tmp";
}

/* "kmap-local.<pid>.XXXXXX" of a process of ours that no longer runs? */
static bool is_stale(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	struct stat st;
	char *end;
	long pid;
	bool stale;

	if (strncmp(name, PREFIX, strlen(PREFIX)))
		return false;
	pid = strtol(name + strlen(PREFIX), &end, 10);
	if (end == name + strlen(PREFIX) || *end != '.' || strlen(end) != 7 || pid <= 0 ||
	    pid == (long)getpid())
		return false;
	buf_printf(&path, "%s/%s", dir, name);
	stale = !lstat(path.ptr, &st) && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
		kill((pid_t)pid, 0) < 0 && errno == ESRCH;
	buf_release(&path);
	return stale;
}

static void sweep_stale(const char *dir)
{
	struct buf path = BUF_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!is_stale(dir, de->d_name))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		remove_tree(path.ptr);
	}
	closedir(d);
	buf_release(&path);
}

int scratch_create(struct buf *out, const char *what)
{
	const char *tmp = tmp_dir();
	bool sweep;

	pthread_mutex_lock(&lock);
	sweep = !swept;
	swept = true;
	pthread_mutex_unlock(&lock);
	if (sweep)
		sweep_stale(tmp);
	buf_printf(out, "%s/" PREFIX "%ld.XXXXXX", tmp, (long)getpid());
	if (!mkdtemp(out->ptr))
		return error_errno("cannot create a scratch directory for %s in '%s' "
				   "(set TMPDIR to a writable directory)", what, tmp);
	pthread_mutex_lock(&lock);
	ALLOC_GROW(live, nr_live + 1, alloc_live);
	live[nr_live++] = xstrdup(out->ptr);
	pthread_mutex_unlock(&lock);
	return 0;
}

void scratch_remove(const char *path)
{
	remove_tree(path);
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nr_live; i++)
		if (!strcmp(live[i], path)) {
			free(live[i]);
			live[i] = live[--nr_live];
			break;
		}
	pthread_mutex_unlock(&lock);
}

void scratch_remove_all(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nr_live; i++)
		remove_tree(live[i]);
	pthread_mutex_unlock(&lock);
}
