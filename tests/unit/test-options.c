/* Unit tests for parse_options() (src/options.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "error.h"
#include "options.h"
#include "strvec.h"

#include <stdbool.h>
#include <string.h>

struct values {
	bool verbose, quiet, color;
	const char *rev;
	int jobs;
	int paint;
	struct strvec include;
};

static struct values v;

static const struct option opts[] = {
	{ OPT_BOOL, 'v', "verbose", &v.verbose, NULL, "say more" },
	{ OPT_BOOL, 'q', "quiet", &v.quiet, NULL, "say less" },
	{ OPT_BOOL, 0, "color", &v.color, NULL, "color the output" },
	{ OPT_STRING, 'r', "rev", &v.rev, "REV", "base revision" },
	{ OPT_INT, 'j', "jobs", &v.jobs, "N", "parallel jobs" },
	{ OPT_LIST, 'I', "include", &v.include, "PATH", "also look here" },
	{ OPT_COLOR, 0, "paint", &v.paint, "WHEN", "paint the output" },
	{ OPT_END, 0, NULL, NULL, NULL, NULL },
};

static const struct command_help help = {
	"kmap-local test [options] [PATH...]",
	"Exercise the option parser.",
};

static int reset_values(void **state)
{
	(void)state;
	strvec_clear(&v.include);
	memset(&v, 0, sizeof(v));
	v.include = (struct strvec)STRVEC_INIT;
	v.color = true;
	v.jobs = -1;
	v.paint = COLOR_UNSET;
	return 0;
}

/* parse_options() rewrites argv, so give it a copy ending in NULL. */
#define PARSE(argv_out, ...) parse_args(argv_out, \
	sizeof(argv_out) / sizeof(*(argv_out)), \
	(const char *[]){ "cmd", __VA_ARGS__, NULL })

static int parse_args(const char **out, size_t size, const char **in)
{
	int argc = 0;

	while (in[argc]) {
		assert_true((size_t)argc + 1 < size);
		out[argc] = in[argc];
		argc++;
	}
	out[argc] = NULL;
	return parse_options(argc, out, opts, &help);
}

static void test_no_args(void **state)
{
	const char *argv[] = { "cmd", NULL };

	(void)state;
	assert_int_equal(parse_options(1, argv, opts, &help), 0);
	assert_null(argv[0]);
	assert_false(v.verbose);
	assert_true(v.color);
	assert_int_equal(v.jobs, -1);
	assert_null(v.rev);
}

static void test_long_options(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--verbose", "--rev", "HEAD~1", "--jobs", "12"), 0);
	assert_true(v.verbose);
	assert_false(v.quiet);
	assert_string_equal(v.rev, "HEAD~1");
	assert_int_equal(v.jobs, 12);
}

static void test_long_equals(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--rev=v6.1", "--jobs=8", "--rev=a=b"), 0);
	assert_string_equal(v.rev, "a=b");	/* last one wins, split at first '=' */
	assert_int_equal(v.jobs, 8);
}

static void test_long_empty_string(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--rev="), 0);
	assert_string_equal(v.rev, "");
}

static void test_short_attached(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "-j4", "-rmaster"), 0);
	assert_int_equal(v.jobs, 4);
	assert_string_equal(v.rev, "master");
}

static void test_short_separate(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "-j", "4", "-r", "HEAD"), 0);
	assert_int_equal(v.jobs, 4);
	assert_string_equal(v.rev, "HEAD");
}

static void test_short_bundled(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "-vqj16", "x"), 1);
	assert_true(v.verbose);
	assert_true(v.quiet);
	assert_int_equal(v.jobs, 16);
	assert_string_equal(argv[0], "x");
}

static void test_no_bool(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--no-color"), 0);
	assert_false(v.color);
	assert_int_equal(PARSE(argv, "--no-color", "--color"), 0);
	assert_true(v.color);
	assert_int_equal(PARSE(argv, "-v", "--no-verbose"), 0);
	assert_false(v.verbose);
}

/* git's --color[=<when>] and --no-color */
static void test_color_when(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--paint"), 0);
	assert_int_equal(v.paint, COLOR_ALWAYS);
	assert_int_equal(PARSE(argv, "--paint=never"), 0);
	assert_int_equal(v.paint, COLOR_NEVER);
	assert_int_equal(PARSE(argv, "--paint=AUTO"), 0);
	assert_int_equal(v.paint, COLOR_AUTO);
	assert_int_equal(PARSE(argv, "--paint=always", "--no-paint"), 0);
	assert_int_equal(v.paint, COLOR_NEVER);
	/* the value is never the next argument */
	assert_int_equal(PARSE(argv, "--paint", "never"), 1);
	assert_int_equal(v.paint, COLOR_ALWAYS);
	assert_string_equal(argv[0], "never");
	assert_int_equal(PARSE(argv, "--paint=sometimes"), E_USAGE);
	assert_int_equal(PARSE(argv, "--paint=true"), E_USAGE);
	assert_int_equal(PARSE(argv, "--no-paint=always"), E_USAGE);
}

/* color.ui and color.diff values, as git_config_colorbool() reads them */
static void test_color_config_values(void **state)
{
	(void)state;
	assert_int_equal(parse_color_when("always", true), COLOR_ALWAYS);
	assert_int_equal(parse_color_when("Never", true), COLOR_NEVER);
	assert_int_equal(parse_color_when("true", true), COLOR_AUTO);
	assert_int_equal(parse_color_when(NULL, true), COLOR_AUTO);
	assert_int_equal(parse_color_when("off", true), COLOR_NEVER);
	assert_int_equal(parse_color_when("0", true), COLOR_NEVER);
	assert_int_equal(parse_color_when("purple", true), COLOR_UNSET);
	assert_int_equal(parse_color_when("true", false), COLOR_UNSET);
}

static void test_value_looks_like_option(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--rev", "--verbose"), 0);
	assert_string_equal(v.rev, "--verbose");
	assert_false(v.verbose);
}

static void test_list_repeatable(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--include", "fs", "--include=mm", "-Ikernel", "-I", "lib"), 0);
	assert_int_equal(v.include.nr, 4);
	assert_string_equal(v.include.v[0], "fs");
	assert_string_equal(v.include.v[1], "mm");
	assert_string_equal(v.include.v[2], "kernel");
	assert_string_equal(v.include.v[3], "lib");
}

static void test_args_kept_in_order(void **state)
{
	const char *argv[12];

	(void)state;
	assert_int_equal(PARSE(argv, "fs", "-v", "mm/x.c", "--jobs", "2", "-", "kernel"), 4);
	assert_string_equal(argv[0], "fs");
	assert_string_equal(argv[1], "mm/x.c");
	assert_string_equal(argv[2], "-");
	assert_string_equal(argv[3], "kernel");
	assert_null(argv[4]);
	assert_true(v.verbose);
	assert_int_equal(v.jobs, 2);
}

static void test_double_dash(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "a", "--", "--verbose", "-j4", "--"), 4);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "--verbose");
	assert_string_equal(argv[2], "-j4");
	assert_string_equal(argv[3], "--");
	assert_null(argv[4]);
	assert_false(v.verbose);
	assert_int_equal(v.jobs, -1);
}

static void test_unknown_long(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--frobnicate"), E_USAGE);
	assert_int_equal(PARSE(argv, "--verb"), E_USAGE);	/* no prefix matching */
	assert_int_equal(PARSE(argv, "--no-rev"), E_USAGE);	/* only booleans negate */
	assert_int_equal(PARSE(argv, "--no-"), E_USAGE);
}

static void test_unknown_short(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "-x"), E_USAGE);
	assert_int_equal(PARSE(argv, "-vx"), E_USAGE);
}

static void test_bool_with_value(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--verbose=yes"), E_USAGE);
	assert_false(v.verbose);
	assert_int_equal(PARSE(argv, "--no-color=1"), E_USAGE);
	assert_true(v.color);
}

static void test_missing_value(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--rev"), E_USAGE);
	assert_int_equal(PARSE(argv, "-v", "-j"), E_USAGE);
	assert_int_equal(PARSE(argv, "x", "--include"), E_USAGE);
	assert_null(v.rev);
	assert_int_equal(v.jobs, -1);
	assert_int_equal(v.include.nr, 0);
}

static void test_bad_integer(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--jobs=abc"), E_USAGE);
	assert_int_equal(PARSE(argv, "--jobs", "4x"), E_USAGE);
	assert_int_equal(PARSE(argv, "--jobs="), E_USAGE);
	assert_int_equal(PARSE(argv, "-j-1"), E_USAGE);
	assert_int_equal(PARSE(argv, "-j", "99999999999999999999"), E_USAGE);
	assert_int_equal(v.jobs, -1);
}

static void test_zero_is_an_integer(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "-j0"), 0);
	assert_int_equal(v.jobs, 0);
}

static void test_error_stops_parsing(void **state)
{
	const char *argv[8];

	(void)state;
	assert_int_equal(PARSE(argv, "--bogus", "--verbose"), E_USAGE);
	assert_false(v.verbose);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, reset_values, reset_values)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_no_args),
		T(test_long_options),
		T(test_long_equals),
		T(test_long_empty_string),
		T(test_short_attached),
		T(test_short_separate),
		T(test_short_bundled),
		T(test_no_bool),
		T(test_color_when),
		T(test_color_config_values),
		T(test_value_looks_like_option),
		T(test_list_repeatable),
		T(test_args_kept_in_order),
		T(test_double_dash),
		T(test_unknown_long),
		T(test_unknown_short),
		T(test_bool_with_value),
		T(test_missing_value),
		T(test_bad_integer),
		T(test_zero_is_an_integer),
		T(test_error_stops_parsing),
	};

	v.include = (struct strvec)STRVEC_INIT;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
