/*
 * Unit tests for where facts.c looks for the headers a file includes
 * (src/facts.h): kbuild's search order, and #include lines a hostile
 * tree can write (leaving the tree, odd bytes, no name at all).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "facts.h"
#include "strvec.h"

#include <string.h>

/* The search lists of text's #includes, "" closing each one. */
static void expect(const char *file, const char *text, const char *const *want)
{
	struct strvec v = STRVEC_INIT;
	size_t n = 0;

	facts_include_paths(&v, file, text, strlen(text));
	while (want[n])
		n++;
	for (size_t i = 0; i < v.nr && i < n; i++)
		assert_string_equal(v.v[i], want[i]);
	assert_int_equal(v.nr, n);
	strvec_clear(&v);
}

static void test_quoted_include_is_looked_for_beside_the_file_first(void **state)
{
	static const char *const want[] = {
		"drivers/md/dm-foo.h", "include/dm-foo.h", "",
		"include/linux/highmem.h", "",
		NULL
	};

	(void)state;
	expect("drivers/md/dm.c", "#include \"dm-foo.h\"\n  #  include <linux/highmem.h>\n", want);
}

static void test_arch_code_looks_in_its_own_include_dir(void **state)
{
	static const char *const want[] = {
		"arch/sh/include/asm/cacheflush.h", "include/asm-generic/cacheflush.h", "",
		"arch/sh/include/x.h", "arch/sh/include/x.h", "include/x.h", "",
		NULL
	};

	(void)state;
	expect("arch/sh/mm/cache.c", "#include <asm/cacheflush.h>\n#include \"../include/x.h\"\n",
	       want);
}

static void test_a_top_level_file_has_no_directory(void **state)
{
	static const char *const want[] = { "x.h", "include/x.h", "", NULL };

	(void)state;
	expect("top.c", "#include \"./x.h\"\n", want);
}

static void test_includes_that_leave_the_tree_or_have_odd_names_are_not_read(void **state)
{
	static const char *const want[] = {
		"", "",			/* ../../.. out of the tree, both ways */
		"include/etc/passwd", "",	/* an absolute name is a tree path here */
		"",			/* a blank in the name */
		"",			/* a control byte */
		NULL
	};

	(void)state;
	expect("fs/a.c",
	       "#include \"../../../etc/passwd\"\n"
	       "#include <../../etc/passwd>\n"
	       "#include </etc/passwd>\n"
	       "#include \"a b.h\"\n"
	       "#include \"a\x01.h\"\n"
	       "#include MACRO_HEADER\n"
	       "#include \"\"\n"
	       "#include \"unterminated.h\n"
	       "#include\n"
	       "#includex <linux/y.h>\n",
	       want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoted_include_is_looked_for_beside_the_file_first),
		cmocka_unit_test(test_arch_code_looks_in_its_own_include_dir),
		cmocka_unit_test(test_a_top_level_file_has_no_directory),
		cmocka_unit_test(test_includes_that_leave_the_tree_or_have_odd_names_are_not_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
