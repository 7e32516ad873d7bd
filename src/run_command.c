#include "run_command.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The process groups of running children, for child_kill_all(). */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t *live;
static size_t nr_live, alloc_live;
static bool stopping;

static void forget_child(struct child *c, pid_t pid)
{
	pthread_mutex_lock(&live_lock);
	c->pid = 0;
	for (size_t i = 0; i < nr_live; i++)
		if (live[i] == pid) {
			live[i] = live[--nr_live];
			break;
		}
	pthread_mutex_unlock(&live_lock);
}

static bool is_stopping(void)
{
	bool s;

	pthread_mutex_lock(&live_lock);
	s = stopping;
	pthread_mutex_unlock(&live_lock);
	return s;
}

/*
 * After child_kill_all() the run is being torn down by the interrupt: a
 * thread whose child was killed must not go on into its error path (and,
 * say, remove what a resumed run needs); it waits here to be ended.
 */
static void park_if_stopping(void)
{
	while (is_stopping())
		pause();
}

/* An interactive child shares our process group: it gets the signal alone. */
static void kill_groups(const pid_t *groups, size_t nr, int sig)
{
	for (size_t i = 0; i < nr; i++)
		if (kill(-groups[i], sig) < 0 && errno == ESRCH)
			kill(groups[i], sig);
}

void child_stop_all(int grace_ms)
{
	struct timespec step = { 0, 20 * 1000 * 1000 };
	pid_t *groups;
	size_t nr;

	pthread_mutex_lock(&live_lock);
	stopping = true;
	nr = nr_live;
	groups = xcalloc(nr + 1, sizeof(*groups));
	memcpy(groups, live, nr * sizeof(*groups));
	kill_groups(groups, nr, SIGTERM);
	pthread_mutex_unlock(&live_lock);
	for (int waited = 0; waited < grace_ms && child_count(); waited += 20)
		nanosleep(&step, NULL);
	kill_groups(groups, nr, SIGKILL);	/* what is left, grandchildren too */
	free(groups);
}

void child_kill(struct child *c)
{
	pthread_mutex_lock(&live_lock);
	if (c->pid > 0 && !c->interactive)
		kill(-c->pid, SIGKILL);
	pthread_mutex_unlock(&live_lock);
}

size_t child_count(void)
{
	size_t n;

	pthread_mutex_lock(&live_lock);
	n = nr_live;
	pthread_mutex_unlock(&live_lock);
	return n;
}

/* Children start with default signal handling and nothing blocked. */
static void reset_signals(posix_spawnattr_t *attr)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGXFSZ, SIGPIPE, SIGQUIT };
	sigset_t set;

	sigemptyset(&set);
	posix_spawnattr_setsigmask(attr, &set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	posix_spawnattr_setsigdefault(attr, &set);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool overridden(const struct strvec *env, const char *var)
{
	size_t n = strcspn(var, "=");

	for (size_t i = 0; i < env->nr; i++)
		if (!strncmp(env->v[i], var, n) && env->v[i][n] == '=')
			return true;
	return false;
}

/* Our environment with c->env on top: a borrowed vector, freed by the caller. */
static char **child_environ(const struct child *c)
{
	size_t n = 0, k = 0;
	char **v;

	while (environ[n])
		n++;
	v = xcalloc(n + c->env.nr + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (!overridden(&c->env, environ[i]))
			v[k++] = environ[i];
	for (size_t i = 0; i < c->env.nr; i++)
		v[k++] = c->env.v[i];
	return v;
}

static int spawn(pid_t *out, struct child *c, int out_fd, int err_fd)
{
	char **env = child_environ(c);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	if (!c->interactive)
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (err_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	else if (c->merge_err && out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
	if (c->dir)
		posix_spawn_file_actions_addchdir_np(&fa, c->dir);
	posix_spawnattr_setpgroup(&attr, 0);
	reset_signals(&attr);
	/* a child in a process group of its own would stop reading the terminal */
	posix_spawnattr_setflags(&attr, (c->interactive ? 0 : POSIX_SPAWN_SETPGROUP) |
				 POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	pthread_mutex_lock(&live_lock);
	while (stopping) {
		pthread_mutex_unlock(&live_lock);
		park_if_stopping();
		pthread_mutex_lock(&live_lock);
	}
	rc = posix_spawnp(out, c->args.v[0], &fa, &attr, c->args.v, env);
	if (!rc) {
		ALLOC_GROW(live, nr_live + 1, alloc_live);
		live[nr_live++] = *out;
		c->pid = *out;
	}
	pthread_mutex_unlock(&live_lock);
	free(env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc == ENOENT)
		return error("cannot run '%s': not found in PATH", c->args.v[0]);
	if (rc) {
		errno = rc;
		return error_errno("cannot run '%s'", c->args.v[0]);
	}
	return 0;
}

static bool drain(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	buf_add(b, chunk, (size_t)n);
	return true;
}

/* Read both pipes until they close or the deadline passes. */
static void collect(struct child *c, pid_t pid, int out_fd, int err_fd, long long deadline)
{
	struct pollfd pfd[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	int open_fds = err_fd >= 0 ? 2 : 1;

	if (err_fd < 0)
		pfd[1].fd = -1;
	while (open_fds) {
		int wait = deadline ? (int)(deadline - now_ms()) : -1;
		int i;

		if (deadline && wait <= 0) {
			c->timed_out = true;
			kill(-pid, SIGKILL);
			return;
		}
		if (poll(pfd, 2, wait) < 0 && errno != EINTR)
			return;
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			size_t old_len = c->err.len;

			if (!drain(pfd[i].fd, i ? &c->err : &c->out)) {
				pfd[i].fd = -1;
				open_fds--;
			} else if (i && c->on_err && c->err.len > old_len) {
				c->on_err(c, old_len, c->on_err_data);
			}
		}
	}
}

static void wait_for(struct child *c, pid_t pid, long long deadline)
{
	int status;
	pid_t got;

	for (;;) {
		got = waitpid(pid, &status, deadline ? WNOHANG : 0);
		if (got == pid)
			break;
		if (got < 0 && errno != EINTR) {
			forget_child(c, pid);
			return;
		}
		if (got == 0 && now_ms() >= deadline) {
			c->timed_out = true;
			kill(-pid, SIGKILL);
			deadline = 0;
		} else if (got == 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
	forget_child(c, pid);
	if (WIFSIGNALED(status)) {
		c->signaled = true;
		c->exit_status = 128 + WTERMSIG(status);
	} else {
		c->exit_status = WEXITSTATUS(status);
	}
}

int child_run(struct child *c)
{
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 };
	long long deadline = c->timeout_ms ? now_ms() + c->timeout_ms : 0;
	pid_t pid;
	int ret;

	if (!c->args.nr)
		BUG("child_run without a program");
	if (c->dir && access(c->dir, X_OK) < 0)
		return error_errno("cannot run '%s' in '%s'", c->args.v[0], c->dir);
	if ((!c->interactive && pipe2(out_pipe, O_CLOEXEC) < 0) ||
	    (!c->no_capture_err && !c->merge_err && !c->interactive &&
	     pipe2(err_pipe, O_CLOEXEC) < 0)) {
		ret = error_errno("cannot create a pipe for '%s'", c->args.v[0]);
		goto out;
	}
	if (c->interactive)
		fflush(stdout);
	ret = spawn(&pid, c, out_pipe[1], err_pipe[1]);
	if (out_pipe[1] >= 0)
		close(out_pipe[1]);
	out_pipe[1] = -1;
	if (err_pipe[1] >= 0) {
		close(err_pipe[1]);
		err_pipe[1] = -1;
	}
	if (ret < 0)
		goto out;
	if (!c->interactive)
		collect(c, pid, out_pipe[0], err_pipe[0], deadline);
	wait_for(c, pid, c->timed_out ? 0 : deadline);
	park_if_stopping();
out:
	for (int i = 0; i < 2; i++) {
		if (out_pipe[i] >= 0)
			close(out_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	return ret;
}

bool child_succeeded(const struct child *c)
{
	return !c->timed_out && !c->signaled && c->exit_status == 0;
}

void child_release(struct child *c)
{
	strvec_clear(&c->args);
	strvec_clear(&c->env);
	buf_release(&c->out);
	buf_release(&c->err);
}

bool program_exists(const char *name)
{
	const char *path = getenv("PATH");
	struct buf candidate = BUF_INIT;
	bool found = false;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	while (path && *path && !found) {
		size_t n = strcspn(path, ":");

		buf_reset(&candidate);
		buf_printf(&candidate, "%.*s/%s", (int)n, n ? path : ".", name);
		found = access(candidate.ptr, X_OK) == 0;
		path += n + (path[n] == ':');
	}
	buf_release(&candidate);
	return found;
}
