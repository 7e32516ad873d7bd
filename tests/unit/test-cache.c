/*
 * Unit tests for the cache's entry format (cache_format() and
 * cache_parse() in src/cache.h): what is written reads back exactly, and
 * anything else is a miss.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cache.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC "kmap-local-cache-3\n"

static bool parse(struct file_result *f, const char *text)
{
	struct buf b = BUF_INIT;
	bool ok;

	*f = (struct file_result){ 0 };
	f->converted = (struct buf)BUF_INIT;
	buf_puts(&b, text);
	ok = cache_parse(f, &b);
	buf_release(&b);
	return ok;
}

static void test_round_trip(void **state)
{
	struct file_result f = { 0 }, g;
	struct buf b = BUF_INIT;

	(void)state;
	f.converted = (struct buf)BUF_INIT;
	file_result_set_status(&f, FILE_UNPARSED, "near `x`");
	file_result_add_site_at(&f, 12, 3, "fn", "local", "an\tevidence");
	f.changed = true;
	buf_puts(&f.converted, "int x;\n");
	cache_format(&b, &f);
	assert_true(parse(&g, b.ptr));
	assert_int_equal(g.status, FILE_UNPARSED);
	assert_string_equal(g.reason, "near `x`");
	assert_int_equal(g.nr_sites, 1);
	assert_int_equal(g.sites[0].col, 3);
	assert_string_equal(g.sites[0].evidence, "an\tevidence");
	assert_true(g.changed);
	assert_string_equal(g.converted.ptr, "int x;\n");
	file_result_clear(&f);
	file_result_clear(&g);
	buf_release(&b);
}

/* A repeated line is not something cache_format() writes (and leaked). */
static void test_repeated_lines_miss(void **state)
{
	struct file_result f;

	(void)state;
	assert_false(parse(&f, MAGIC "status unparsed\nreason a\nreason b\nconverted 0\n"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nstatus ok\nconverted 0\n"));
	file_result_clear(&f);
	assert_true(parse(&f, MAGIC "status unparsed\nreason a\nconverted 0\n"));
	file_result_clear(&f);
}

static void test_bad_entries_miss(void **state)
{
	struct file_result f;

	(void)state;
	assert_false(parse(&f, "kmap-local-cache-1\nstatus ok\nconverted 0\n"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted 5\nabc"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status nosuch\nconverted 0\n"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nsite 1\tf\tlocal\nconverted 0\n"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\n"));
	file_result_clear(&f);
}

/* A length that is not what follows once made it copy SIZE_MAX bytes. */
static void test_converted_length_must_fit(void **state)
{
	struct file_result f;

	(void)state;
	assert_false(parse(&f, MAGIC "status ok\nconverted -1"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted 18446744073709551615"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted 99999999999999999999999999"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted -0\n"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted  3\nabc"));
	file_result_clear(&f);
	assert_false(parse(&f, MAGIC "status ok\nconverted 3"));
	file_result_clear(&f);
	assert_true(parse(&f, MAGIC "status ok\nconverted 3\nabc"));
	assert_string_equal(f.converted.ptr, "abc");
	file_result_clear(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_repeated_lines_miss),
		cmocka_unit_test(test_bad_entries_miss),
		cmocka_unit_test(test_converted_length_must_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
