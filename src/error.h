#ifndef KMAP_ERROR_H
#define KMAP_ERROR_H
/*
 * Error reporting.  A fallible function returns 0 or a negative E_* code,
 * having printed its one-line message where the failure happened:
 *	return error("cannot open '%s'", path);
 * Only main() and cmd_*() turn codes into an exit status (exit_code()).
 * Messages start lowercase, quote their subject, and have no full stop.
 */
#include <stdbool.h>

enum {
	E_ERROR = -1,	/* a problem with the input: exit 1 */
	E_SYSTEM = -2,	/* libgit2 or the OS failed: exit 128 */
	E_USAGE = -3,	/* bad command line: exit 129 */
};

#define EXIT_ERROR 1
#define EXIT_SYSTEM 128
#define EXIT_USAGE 129

int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like error(), with ": strerror(errno)" appended; returns E_SYSTEM. */
int error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like error(), with libgit2's last message appended; returns E_SYSTEM. */
int error_git(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error; returns E_USAGE. */
int error_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

__attribute__((noreturn, format(printf, 1, 2)))
void BUG(const char *fmt, ...);

int exit_code(int err);

/* -q silences note(); warnings and errors always print. */
extern bool quiet;
extern const char *progname;

#endif
