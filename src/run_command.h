#ifndef KMAP_RUN_COMMAND_H
#define KMAP_RUN_COMMAND_H
/*
 * Run a program from an argv vector (never through a shell), with stdin
 * from /dev/null, capturing stdout and stderr into bounded buffers (or,
 * `interactive`, on our own stdin, stdout and stderr).
 *
 * child_run() returns 0 when the program ran to an exit (see `exit_status`,
 * `signaled`, `timed_out`) and a negative error when it could not be
 * started: a missing program is reported by name.  A program that runs
 * longer than `timeout_ms` is killed with its whole process group.
 */
#include "buf.h"
#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct child {
	struct strvec args;
	const char *dir;	/* chdir() here first, or NULL */
	struct strvec env;	/* "NAME=value" set on top of ours */
	struct buf out;		/* captured stdout (set .out.cap to bound it) */
	struct buf err;		/* captured stderr (set .err.cap to bound it) */
	bool no_capture_err;	/* let stderr through to ours */
	bool merge_err;		/* stderr into `out` too: one stream, in the order written */
	bool interactive;	/* stdin, stdout and stderr are ours, and so is the
				   terminal's process group (git send-email's prompts) */
	int timeout_ms;		/* 0: no limit */
	/*
	 * Called (if set) each time stderr grew, with the length it had
	 * before: a caller can time what the program logs as it goes.
	 */
	void (*on_err)(struct child *c, size_t old_len, void *data);
	void *on_err_data;

	int exit_status;	/* exit code, or 128+signal */
	bool signaled;
	bool timed_out;
	pid_t pid;		/* while child_run() runs it, for child_kill() */
};

#define CHILD_INIT { STRVEC_INIT, NULL, STRVEC_INIT, BUF_INIT, BUF_INIT, false, false, false, 0, \
		     NULL, NULL, 0, false, false, 0 }

int child_run(struct child *c);
void child_release(struct child *c);
/* Is `name` an executable path, or found in $PATH? */
bool program_exists(const char *name);
/* True when the program exited with status 0 within its time. */
bool child_succeeded(const struct child *c);
/*
 * What an interrupt does: SIGTERM to the process group of every running
 * child, up to `grace_ms` for them to exit, then SIGKILL to those groups
 * (children that ignore SIGTERM, grandchildren).  From the start of it,
 * child_run() neither starts a child nor returns: the interrupt ends the
 * process.
 */
void child_stop_all(int grace_ms);
size_t child_count(void);
/* SIGKILL to c's process group, if child_run() (in another thread) runs it. */
void child_kill(struct child *c);

#endif
