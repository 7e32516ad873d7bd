/*
 * Unit tests for reading compiler diagnostics out of make's output
 * (buildcheck_parse_diags() in src/buildcheck.h) and for sharing a
 * batched make's output out to its objects (batch_attribute() in
 * src/buildbatch.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "buildbatch.h"
#include "buildcheck.h"

#include <stdlib.h>
#include <string.h>

#define SRC "/home/u/.cache/kmap-local/checkout"

static void parse(const char *out, const char *want_diag, const char *want_key)
{
	struct strvec diags = STRVEC_INIT, keys = STRVEC_INIT;

	buildcheck_parse_diags(&diags, &keys, out, SRC);
	assert_int_equal(diags.nr, 1);
	assert_int_equal(keys.nr, 1);
	assert_string_equal(diags.v[0], want_diag);
	assert_string_equal(keys.v[0], want_key);
	strvec_clear(&diags);
	strvec_clear(&keys);
}

static void test_checkout_path_goes(void **state)
{
	(void)state;
	parse("make[2]: Entering directory '" SRC "'\n"
	      SRC "/fs/a.c:12:5: warning: unused variable 'x' [-Wunused-variable]\n",
	      "fs/a.c:12:5: warning: unused variable 'x' [-Wunused-variable]",
	      "fs/a.c: warning: unused variable 'x' [-Wunused-variable]");
}

/* The path at the very end of a line once made add_diag() read past it. */
static void test_line_ends_with_the_checkout_path(void **state)
{
	(void)state;
	parse("cc1: fatal error: cannot write to " SRC,
	      "cc1: fatal error: cannot write to ",
	      "cc1: fatal error: cannot write to ");
	parse(SRC "/fs/a.c:1:1: error: include dir " SRC "\n",
	      "fs/a.c:1:1: error: include dir ",
	      "fs/a.c: error: include dir ");
}

/* Only the checkout's own path goes, not a longer name it is a prefix of. */
static void test_longer_path_stays(void **state)
{
	(void)state;
	parse("x.c:1:1: warning: see " SRC "-old/y.c\n",
	      "x.c:1:1: warning: see " SRC "-old/y.c",
	      "x.c: warning: see " SRC "-old/y.c");
}

static void test_one_entry_per_key(void **state)
{
	struct strvec diags = STRVEC_INIT, keys = STRVEC_INIT;

	(void)state;
	buildcheck_parse_diags(&diags, &keys,
			       SRC "/a.c:1:2: warning: w\n"
			       SRC "/a.c:9:9: warning: w\n"
			       "a.c:3: error: e\n"
			       "no diagnostic here\n", SRC);
	assert_int_equal(diags.nr, 2);
	assert_string_equal(diags.v[0], "a.c:1:2: warning: w");
	assert_string_equal(keys.v[1], "a.c: error: e");
	strvec_clear(&diags);
	strvec_clear(&keys);
}

static size_t attribute(struct buf *parts, const char *out)
{
	struct strvec objs = STRVEC_INIT;
	size_t lost;

	strvec_pushv(&objs, (const char *const[]){ "fs/a.o", "lib/b.o", NULL });
	parts[0] = (struct buf)BUF_INIT;
	parts[1] = (struct buf)BUF_INIT;
	lost = batch_attribute(parts, &objs, out, SRC);
	strvec_clear(&objs);
	return lost;
}

/* A header's warning goes to the object whose kbuild line it follows. */
static void test_lines_follow_their_kbuild_line(void **state)
{
	struct buf parts[2];

	(void)state;
	assert_int_equal(attribute(parts,
				   "  CC [M]  lib/b.o\n"
				   "In file included from " SRC "/lib/b.c:3:\n"
				   SRC "/include/h.h:5:2: warning: w\n"
				   "  CC      fs/a.o\n"
				   SRC "/fs/a.c:1:1: error: e\n"), 0);
	assert_string_equal(parts[0].ptr, SRC "/fs/a.c:1:1: error: e\n");
	assert_string_equal(parts[1].ptr, "In file included from " SRC "/lib/b.c:3:\n"
					  SRC "/include/h.h:5:2: warning: w\n");
	buf_release(&parts[0]);
	buf_release(&parts[1]);
}

/* Without kbuild's lines, a diagnostic goes by the source it names. */
static void test_lines_go_by_their_source(void **state)
{
	struct buf parts[2];

	(void)state;
	assert_int_equal(attribute(parts, "lib/b.c:1:1: warning: w\n"
					  "fs/a.o: warning: objtool: f()+0x1: x\n"), 0);
	assert_string_equal(parts[0].ptr, "fs/a.o: warning: objtool: f()+0x1: x\n");
	assert_string_equal(parts[1].ptr, "lib/b.c:1:1: warning: w\n");
	buf_release(&parts[0]);
	buf_release(&parts[1]);
}

/* A header's line before any kbuild line, or one object's in another's: nobody's. */
static void test_unowned_lines_are_counted(void **state)
{
	struct buf parts[2];

	(void)state;
	assert_int_equal(attribute(parts, "include/h.h:5:2: warning: w\n"
					  "fs/Kconfig:12: warning: not a compiler's\n"
					  "make: *** [Makefile:1: fs/a.o] Error 1\n"
					  "  CC      fs/a.o\n"
					  "lib/b.c:1:1: error: e\n"
					  "   12 |  x = fs/a.o\n"), 2);
	assert_string_equal(parts[1].ptr, "");
	buf_release(&parts[0]);
	buf_release(&parts[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checkout_path_goes),
		cmocka_unit_test(test_line_ends_with_the_checkout_path),
		cmocka_unit_test(test_longer_path_stays),
		cmocka_unit_test(test_one_entry_per_key),
		cmocka_unit_test(test_lines_follow_their_kbuild_line),
		cmocka_unit_test(test_lines_go_by_their_source),
		cmocka_unit_test(test_unowned_lines_are_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
