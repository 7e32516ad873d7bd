#ifndef KMAP_OPTIONS_H
#define KMAP_OPTIONS_H
/*
 * Command-line options from one table per command; --help is generated
 * from the same table.  parse_options() leaves the non-option arguments in
 * argv[0..n) and returns n, or E_USAGE after printing what is wrong.
 * `--` ends the options; `--no-X` clears a boolean X and turns a color
 * option to never.
 */
#include <stdbool.h>

enum opt_type {
	OPT_END = 0,
	OPT_BOOL,	/* bool */
	OPT_STRING,	/* const char * */
	OPT_INT,	/* int, non-negative */
	OPT_LIST,	/* struct strvec, repeatable */
	OPT_COLOR,	/* int, git's --color[=always|never|auto] and --no-color */
};

/* What an OPT_COLOR option holds. */
enum color_when {
	COLOR_UNSET = -1,	/* neither --color nor --no-color */
	COLOR_NEVER = 0,
	COLOR_ALWAYS = 1,
	COLOR_AUTO = 2,
};

struct option {
	enum opt_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argh;	/* placeholder in help, e.g. "REV" */
	const char *help;
};

struct command_help {
	const char *usage;	/* e.g. "kmap-local scan [options] [PATH...]" */
	const char *summary;	/* one line */
};

int parse_options(int argc, const char **argv, const struct option *opts,
		  const struct command_help *help);
void print_help(const struct option *opts, const struct command_help *help);
/*
 * git_config_colorbool(): "always", "never", "auto" (any case); with
 * `boolean`, as a config value, also true (auto) and false (never).
 * COLOR_UNSET for anything else.
 */
int parse_color_when(const char *value, bool boolean);

#endif
