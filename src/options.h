#ifndef KMAP_OPTIONS_H
#define KMAP_OPTIONS_H
/*
 * Command-line options from one table per command; --help is generated
 * from the same table.  parse_options() leaves the non-option arguments in
 * argv[0..n) and returns n, or E_USAGE after printing what is wrong.
 * `--` ends the options; `--no-X` clears a boolean X.
 */
#include <stdbool.h>

enum opt_type {
	OPT_END = 0,
	OPT_BOOL,	/* bool */
	OPT_STRING,	/* const char * */
	OPT_INT,	/* int, non-negative */
	OPT_LIST,	/* struct strvec, repeatable */
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

#endif
