#include "pager.h"
#include "error.h"
#include "strvec.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static pid_t pager_pid;

static const char *pager_command(const char *core_pager)
{
	const char *p = getenv("GIT_PAGER");

	if (!p)
		p = core_pager;
	if (!p)
		p = getenv("PAGER");
	if (!p)
		p = "less";
	return p;
}

static int spawn_pager(struct strvec *argv, int read_fd)
{
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, read_fd, 0);
	rc = posix_spawnp(&pager_pid, argv->v[0], &fa, NULL, argv->v, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		errno = rc;
		pager_pid = 0;
		return error_errno("cannot run pager '%s'", argv->v[0]);
	}
	return 0;
}

void pager_start(const char *core_pager)
{
	struct strvec argv = STRVEC_INIT;
	int fds[2];

	if (!isatty(1))
		return;
	strvec_split_blanks(&argv, pager_command(core_pager));
	if (!argv.nr || !strcmp(argv.v[0], "cat") || pipe2(fds, O_CLOEXEC) < 0)
		goto out;
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	if (spawn_pager(&argv, fds[0]) == 0)
		dup2(fds[1], 1);
	close(fds[0]);
	close(fds[1]);
	if (pager_pid)
		atexit(pager_finish);
out:
	strvec_clear(&argv);
}

void pager_finish(void)
{
	int status;

	if (!pager_pid)
		return;
	fflush(stdout);
	close(1);
	while (waitpid(pager_pid, &status, 0) < 0 && errno == EINTR)
		;
	pager_pid = 0;
}

bool pager_in_use(void)
{
	return pager_pid != 0;
}
