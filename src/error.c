#include "error.h"
#include "interrupt.h"

#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool quiet;
const char *progname = "kmap-local";

static void report(const char *prefix, const char *fmt, va_list ap,
		   const char *suffix)
{
	char msg[4096];

	if (interrupted())
		return;		/* the run is being torn down: say nothing */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (char *p = msg; *p; p++)	/* one line, whatever a path holds */
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
			*p = '?';
	if (suffix)
		fprintf(stderr, "%s%s: %s\n", prefix, msg, suffix);
	else
		fprintf(stderr, "%s%s\n", prefix, msg);
	fflush(stderr);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, NULL);
	va_end(ap);
	return E_ERROR;
}

int error_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, why);
	va_end(ap);
	return E_SYSTEM;
}

int error_git(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, e && e->message ? e->message : "unknown libgit2 error");
	va_end(ap);
	return E_SYSTEM;
}

int error_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("error: ", fmt, ap, NULL);
	va_end(ap);
	return E_USAGE;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning: ", fmt, ap, NULL);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	report("", fmt, ap, NULL);
	va_end(ap);
}

void BUG(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("BUG: ", fmt, ap, NULL);
	va_end(ap);
	abort();
}

int exit_code(int err)
{
	switch (err) {
	case 0:
		return 0;
	case E_SYSTEM:
		return EXIT_SYSTEM;
	case E_USAGE:
		return EXIT_USAGE;
	default:
		return EXIT_ERROR;
	}
}
