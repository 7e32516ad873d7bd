#ifndef KMAP_CMD_H
#define KMAP_CMD_H
/*
 * Subcommands.  Each cmd_<name>() parses its options from one table, runs
 * its stages in order, and returns the process exit code.  The options
 * every command shares live in struct common_opts.
 */
#include "convert.h"
#include "options.h"
#include "repo.h"

#include <stdbool.h>

struct common_opts {
	const char *dir;
	const char *base;
	const char *cocci;
	int jobs;
	int timeout;
	bool quiet;
	bool verbose;
	int color;		/* enum color_when */
	bool no_pager;
};

extern const char *global_dir;	/* -C given before the command */

#define COMMON_OPTIONS(c) \
	{ OPT_STRING, 'C', NULL, &(c).dir, "DIR", "run on the repository in DIR" }, \
	{ OPT_STRING, 0, "base", &(c).base, "REV", "convert the tree of REV (default: HEAD)" }, \
	{ OPT_STRING, 0, "cocci", &(c).cocci, "FILE|DIR", \
	  "use these semantic patches instead of the bundled cocci/" }, \
	{ OPT_INT, 'j', "jobs", &(c).jobs, "N", "run N spatch processes (default: cores)" }, \
	{ OPT_INT, 0, "timeout", &(c).timeout, "SEC", "give up on a file after SEC seconds (120)" }, \
	{ OPT_BOOL, 'q', "quiet", &(c).quiet, NULL, "no progress or summary" }, \
	{ OPT_BOOL, 'v', "verbose", &(c).verbose, NULL, "say more about each stage" }

#define COLOR_OPTIONS(c) \
	{ OPT_COLOR, 0, "color", &(c).color, "WHEN", \
	  "color the output: always (no WHEN), never (--no-color) or auto" }, \
	{ OPT_BOOL, 0, "no-pager", &(c).no_pager, NULL, "do not pipe the output into a pager" }

void common_opts_init(struct common_opts *c);
/* Check the options, open the repository and resolve --base. */
int common_setup(struct repo *r, struct common_opts *c);
/*
 * Whether to color stdout, as git decides it: --color[=WHEN]/--no-color,
 * else color.diff, else color.ui, else never when $NO_COLOR is set (not
 * empty), else auto: stdout is a terminal and $TERM is set and not dumb.
 * Call before common_pager_start().
 */
bool common_want_color(const struct common_opts *c, git_repository *git);
/* Unless --no-pager: $GIT_PAGER, else core.pager, else $PAGER, else less. */
void common_pager_start(const struct common_opts *c, git_repository *git);
/* Open, resolve, and run the conversion over the pathspecs. */
int common_convert(struct results *res, struct convert_stats *stats, struct repo *r,
		   struct common_opts *c, int argc, const char **argv);
/* The same, on a repository common_setup() opened. */
int common_convert_opened(struct results *res, struct convert_stats *stats, struct repo *r,
			  struct common_opts *c, int argc, const char **argv);
/* The non-merge commits of A..B (or REV^..REV), oldest first. */
int range_commits(git_oid **out, size_t *nr, struct repo *r, const char *range);
/* Write a buffer to stdout; returns E_SYSTEM if stdout failed. */
int write_stdout(const struct buf *b);

int cmd_scan(int argc, const char **argv);
int cmd_diff(int argc, const char **argv);
int cmd_maintainers(int argc, const char **argv);
int cmd_series(int argc, const char **argv);
int cmd_build(int argc, const char **argv);
int cmd_verify(int argc, const char **argv);

#endif
