/*
 * Unit tests for reading spatch's output (spatch_parse_report(),
 * spatch_parse_log() in src/spatch.h) and for the results it fills
 * (src/results.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "results.h"
#include "spatch.h"

#include <stdlib.h>
#include <string.h>

/* Scratch names: results are sorted, so fs/a.c is 0, fs/ab.c 1, ... */
#define FS_A "src/0.c"
#define FS_AB "src/1.c"
#define KERNEL_C "src/2.c"
#define MM_B "src/3.c"
#define LONG_LINE "0123456789012345678901234567890123456789" \
	"012345678901234567890123456789012345678901234567890123456789"

static int results_setup(void **state)
{
	static const char *const paths[] = { "mm/b.c", "fs/a.c", "kernel/c.c", "fs/ab.c" };
	struct results *res = calloc(1, sizeof(*res));
	git_oid id;

	if (!res)
		return -1;
	memset(&id, 0, sizeof(id));
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		results_add(res, paths[i], &id);
	results_sort(res);
	*state = res;
	return 0;
}

static int results_teardown(void **state)
{
	results_release(*state);
	free(*state);
	return 0;
}

static struct file_result *get(struct results *res, const char *path)
{
	for (size_t i = 0; i < res->nr; i++)
		if (!strcmp(res->v[i].path, path))
			return &res->v[i];
	fail_msg("no result for '%s'", path);
	return NULL;
}

static size_t total_sites(const struct results *res)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].nr_sites;
	return n;
}

static void report(struct results *res, const char *out)
{
	spatch_parse_report(res, out, strlen(out));
}

static void spatch_log(struct results *res, const char *err, unsigned char *handled)
{
	spatch_parse_log(res, err, strlen(err), handled);
}

static void parse_log(struct results *res, const char *err)
{
	spatch_log(res, err, NULL);
}

static void assert_site(const struct site *s, unsigned line, const char *function,
			const char *verdict, const char *evidence)
{
	assert_int_equal(s->line, line);
	assert_string_equal(s->function, function);
	assert_string_equal(s->verdict, verdict);
	assert_string_equal(s->evidence, evidence);
}

static void test_results_sorted(void **state)
{
	struct results *res = *state;

	assert_int_equal(res->nr, 4);
	assert_string_equal(res->v[0].path, "fs/a.c");
	assert_string_equal(res->v[1].path, "fs/ab.c");
	assert_string_equal(res->v[2].path, "kernel/c.c");
	assert_string_equal(res->v[3].path, "mm/b.c");
	assert_int_equal(res->v[0].status, FILE_OK);
	assert_false(res->v[0].changed);
	assert_int_equal(res->v[0].converted.len, 0);
}

static void test_report_one_site(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	report(res, "KMAP-SITE\t" FS_A "\t12\tfoo\tlocal\tsome evidence\n");
	f = get(res, "fs/a.c");
	assert_int_equal(f->nr_sites, 1);
	assert_site(&f->sites[0], 12, "foo", "local", "some evidence");
	assert_int_equal(total_sites(res), 1);
}

static void test_report_several_files(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	report(res, "KMAP-SITE\t" MM_B "\t7\tbar\thelper:memcpy_to_page\tcopies a page\n"
			    "KMAP-SITE\t" FS_A "\t3\tf\tflag:macro\tin a macro\n"
			    "KMAP-SITE\t" MM_B "\t40\tbaz\tlocal\tno escape");
	f = get(res, "mm/b.c");
	assert_int_equal(f->nr_sites, 2);
	assert_site(&f->sites[0], 7, "bar", "helper:memcpy_to_page", "copies a page");
	assert_site(&f->sites[1], 40, "baz", "local", "no escape");
	f = get(res, "fs/a.c");
	assert_int_equal(f->nr_sites, 1);
	assert_site(&f->sites[0], 3, "f", "flag:macro", "in a macro");
	assert_int_equal(get(res, "fs/ab.c")->nr_sites, 0);
}

static void test_report_ignores_other_paths(void **state)
{
	struct results *res = *state;

	report(res, "KMAP-SITE\t/tmp/x/w1/src/0.c\t1\tf\tlocal\tabsolute\n"
		    "KMAP-SITE\tfs/a.c\t1\tf\tlocal\ta repository path\n"
		    "KMAP-SITE\tsrc/4.c\t1\tf\tlocal\tno such result\n"
		    "KMAP-SITE\tsrc/99999999999999999999999.c\t1\tf\tlocal\toverflow\n"
		    "KMAP-SITE\tsrc/00.c\t1\tf\tlocal\tleading zero\n"
		    "KMAP-SITE\tsrc/.c\t1\tf\tlocal\tno number\n"
		    "KMAP-SITE\tsrc/0.cc\t1\tf\tlocal\tother suffix\n"
		    "KMAP-SITE\tsrc/0\t1\tf\tlocal\tno suffix\n"
		    "KMAP-SITE\tsrc/-1.c\t1\tf\tlocal\tnegative\n"
		    "KMAP-SITE\tsrc/0.c.orig\t1\tf\tlocal\tlonger name\n"
		    "KMAP-SITE\tsrc/\t1\tf\tlocal\tthe directory itself\n");
	assert_int_equal(total_sites(res), 0);
}

static void test_report_header_name(void **state)
{
	struct results *res = *state;

	report(res, "KMAP-SITE\tsrc/3.h\t2:5\tf\tlocal\tmm/b.c is no header\n"
		    "KMAP-SITE\tsrc/3.c\t2:5\tf\tlocal\tit is this\n");
	assert_int_equal(get(res, "mm/b.c")->nr_sites, 1);
	assert_string_equal(get(res, "mm/b.c")->sites[0].evidence, "it is this");
	assert_int_equal(get(res, "mm/b.c")->sites[0].col, 5);
}

static void test_report_length_delimited(void **state)
{
	struct results *res = *state;
	static const char out[] = "KMAP-SITE\t" FS_A "\t3\tf\tlocal\tkept\n"
				  "KMAP-SITE\t" FS_AB "\t4\tg\tlocal\tpast the length";

	spatch_parse_report(res, out, strlen(out) - 40);
	assert_int_equal(get(res, "fs/a.c")->nr_sites, 1);
	assert_int_equal(total_sites(res), 1);
}

static void test_scratch_names(void **state)
{
	struct results *res = *state;
	struct buf name = BUF_INIT;

	results_add(res, "include/x.h", &res->v[0].id);
	results_sort(res);
	for (size_t i = 0; i < res->nr; i++) {
		buf_reset(&name);
		spatch_scratch_name(&name, res, i);
		assert_true(buf_starts_with(&name, "src/"));
		assert_int_equal(name.ptr[name.len - 1], !strcmp(res->v[i].path, "include/x.h") ?
				 'h' : 'c');
	}
	buf_reset(&name);
	buf_puts(&name, "KMAP-SITE\t");
	spatch_scratch_name(&name, res, 2);
	buf_puts(&name, "\t1\tf\tlocal\tmapped back\n");
	report(res, name.ptr);
	assert_string_equal(res->v[2].path, "include/x.h");
	assert_int_equal(res->v[2].nr_sites, 1);
	buf_release(&name);
}

static void test_report_ignores_other_lines(void **state)
{
	struct results *res = *state;

	report(res, "init_defs_builtins: /usr/lib/coccinelle/standard.h\n"
			    "HANDLING: " FS_A "\n"
			    " KMAP-SITE\t" FS_A "\t1\tf\tlocal\tindented\n"
			    "KMAP-SITE " FS_A "\t1\tf\tlocal\tno tab\n"
			    "KMAP-SITE\t" FS_A "\t1\tf\tlocal\n"
			    "\n"
			    "diff = \n");
	assert_int_equal(total_sites(res), 0);
}

static void test_report_empty(void **state)
{
	struct results *res = *state;

	report(res, "");
	assert_int_equal(total_sites(res), 0);
}

static void test_log_unparsed(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " MM_B "\n"
			 "parse error \n"
			 " = File \"" MM_B "\", line 3, column 9, charpos = 30\n"
			 "BAD:!!!!! \tint x = (;\n"
			 "HANDLING: " FS_A "\n");
	f = get(res, "mm/b.c");
	assert_int_equal(f->status, FILE_UNPARSED);
	assert_non_null(f->reason);
	assert_non_null(strstr(f->reason, "`int x = (;`"));
	assert_int_equal(f->nr_parse_errors, 1);
	assert_int_equal(f->parse_errors[0], 3);
	assert_int_equal(get(res, "fs/a.c")->status, FILE_OK);
	assert_null(get(res, "fs/a.c")->reason);
}

static void test_log_parse_error_lines(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " FS_A "\n"
		       "parse error \n"
		       " = File \"" FS_A "\", line 1533, column 47, charpos = 37314\n"
		       "BAD:!!!!! \titerate(\n"
		       "parse error \n"
		       " = File \"" FS_A "\", line 12, column 5, charpos = 3\n"
		       "parse error \n"
		       " = File \"" FS_AB "\", line 7, column 5, charpos = 3\n"
		       " = File \"" FS_A "\", line 99, column 5, charpos = 3\n"
		       "parse error \n"
		       " = File \"" FS_A "\", line 12x, column 5\n"
		       "parse error \n"
		       " = File \"" FS_A "\", line , column 5\n");
	f = get(res, "fs/a.c");
	assert_int_equal(f->nr_parse_errors, 3);
	assert_int_equal(f->parse_errors[0], 1533);
	assert_int_equal(f->parse_errors[1], 12);
	assert_int_equal(f->parse_errors[2], 99);	/* another file's line is skipped */
	assert_int_equal(get(res, "fs/ab.c")->nr_parse_errors, 0);
}

static void test_log_long_bad_line(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " FS_A "\n"
			 "parse error\n"
			 "BAD:!!!!! " LONG_LINE "\n");
	f = get(res, "fs/a.c");
	assert_int_equal(f->status, FILE_UNPARSED);
	assert_non_null(strstr(f->reason, "near `0123456789"));
	assert_null(strstr(f->reason, LONG_LINE));	/* shortened */
	assert_null(strchr(f->reason, '\n'));
}

static void test_log_bad_needs_parse_error(void **state)
{
	struct results *res = *state;

	parse_log(res, "HANDLING: " MM_B "\n"
			 "BAD:!!!!! int x = (;\n"
			 "parse error \n"
			 "HANDLING: " FS_A "\n"
			 "BAD:!!!!! int y = (;\n");
	assert_int_equal(get(res, "mm/b.c")->status, FILE_OK);
	assert_int_equal(get(res, "fs/a.c")->status, FILE_OK);
}

static void test_log_other_names(void **state)
{
	struct results *res = *state;
	unsigned char handled[4] = { 0 };

	spatch_log(res, "HANDLING: /tmp/x/w1/src/3.c\n"
			"parse error \n"
			"BAD:!!!!! int x = (;\n"
			"HANDLING: mm/b.c\n"
			"EXN: Coccinelle_modules.Common.Timeout in fs/a.c\n"
			"EXN: Coccinelle_modules.Common.Timeout in src/9.c\n", handled);
	for (size_t i = 0; i < res->nr; i++) {
		assert_int_equal(res->v[i].status, FILE_OK);
		assert_int_equal(handled[i], 0);
	}
}

static void test_log_handled(void **state)
{
	struct results *res = *state;
	unsigned char handled[4] = { 0 };

	spatch_log(res, "init_defs_builtins: /usr/lib/coccinelle/standard.h\n"
			"HANDLING: " MM_B "\n"
			"HANDLING: " FS_A "\n"
			"EXN: Coccinelle_modules.Common.Timeout in " FS_A "\n"
			"HANDLING: " FS_AB, handled);
	assert_int_equal(handled[0], 1);
	assert_int_equal(handled[1], 1);
	assert_int_equal(handled[2], 0);
	assert_int_equal(handled[3], 1);
}

static void test_log_timeout(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " MM_B "\n"
			 "EXN: Coccinelle_modules.Common.Timeout in " FS_A "\n");
	f = get(res, "fs/a.c");
	assert_int_equal(f->status, FILE_TIMEOUT);
	assert_non_null(f->reason);
	assert_int_equal(get(res, "mm/b.c")->status, FILE_OK);
	assert_string_equal(file_status_name(f->status), "timeout");
}

static void test_log_timeout_beats_unparsed(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " FS_A "\n"
			 "parse error \n"
			 "BAD:!!!!! int x = (;\n"
			 "EXN: Coccinelle_modules.Common.Timeout in " FS_A "\n"
			 "HANDLING: " FS_A "\n"
			 "parse error \n"
			 "BAD:!!!!! int y = (;\n");
	f = get(res, "fs/a.c");
	assert_int_equal(f->status, FILE_TIMEOUT);
	assert_null(strstr(f->reason, "int x"));
}

static void test_log_exception_fails_file(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " KERNEL_C "\n"
			 "EXN: Failure(\"something broke\")\n");
	f = get(res, "kernel/c.c");
	assert_int_equal(f->status, FILE_FAILED);
	assert_non_null(f->reason);
	assert_string_equal(file_status_name(f->status), "failed");
}

static void test_log_python_failure_fails_file(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	parse_log(res, "HANDLING: " FS_AB "\n"
		       "Traceback (most recent call last):\n"
		       "TypeError: 'str' object is not callable\n"
		       "Error in Python script, line 409, file \"/x/kmap_local.cocci\": Python failure\n"
		       "HANDLING: " MM_B "\n");
	f = get(res, "fs/ab.c");
	assert_int_equal(f->status, FILE_FAILED);
	assert_string_equal(f->reason, "a Python script of the rules failed on the file");
	assert_int_equal(get(res, "mm/b.c")->status, FILE_OK);
}

static void test_set_status_keeps_worst(void **state)
{
	struct file_result *f = get(*state, "fs/ab.c");

	file_result_set_status(f, FILE_UNPARSED, "first");
	file_result_set_status(f, FILE_UNPARSED, "second");
	assert_string_equal(f->reason, "first");
	file_result_set_status(f, FILE_FAILED, "worse");
	file_result_set_status(f, FILE_TIMEOUT, "milder");
	assert_int_equal(f->status, FILE_FAILED);
	assert_string_equal(f->reason, "worse");
}

static void add_site(struct file_result *f, unsigned line, const char *verdict,
		     const char *evidence)
{
	file_result_add_site(f, line, "fn", verdict, evidence);
}

static void test_tidy_sorts_and_dedups(void **state)
{
	struct file_result *f = get(*state, "fs/a.c");

	add_site(f, 30, "local", "c");
	add_site(f, 10, "local", "a");
	add_site(f, 20, "local", "b");
	add_site(f, 10, "local", "a");
	add_site(f, 30, "local", "c");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 3);
	assert_site(&f->sites[0], 10, "fn", "local", "a");
	assert_site(&f->sites[1], 20, "fn", "local", "b");
	assert_site(&f->sites[2], 30, "fn", "local", "c");
}

static void test_tidy_keeps_distinct_sites(void **state)
{
	struct file_result *f = get(*state, "fs/a.c");

	file_result_add_site_at(f, 5, 9, "fn", "local", "second call on the line");
	file_result_add_site_at(f, 5, 1, "fn", "flag:escapes:return", "returned");
	file_result_add_site_at(f, 5, 1, "fn", "flag:cross-function", "no unmap");
	file_result_add_site_at(f, 5, 1, "fn", "local", "first call");
	file_result_add_site_at(f, 5, 9, "fn", VERDICT_CATCH_ALL, "no rule");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 2);
	assert_site(&f->sites[0], 5, "fn", "local", "first call");
	assert_site(&f->sites[1], 5, "fn", "local", "second call on the line");
}

static void test_tidy_ranks_flags(void **state)
{
	struct file_result *f = get(*state, "fs/a.c");

	file_result_add_site_at(f, 7, 2, "fn", VERDICT_CATCH_ALL, "no rule");
	file_result_add_site_at(f, 7, 2, "fn", "flag:cross-function", "no unmap");
	file_result_add_site_at(f, 7, 2, "fn", "flag:escapes:global", "global");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 1);
	assert_site(&f->sites[0], 7, "fn", "flag:escapes:global", "global");
	assert_true(verdict_rank("local") < verdict_rank("flag:escapes:return"));
	assert_true(verdict_rank("flag:macro") < verdict_rank(VERDICT_CATCH_ALL));
}

static void test_tidy_catch_all(void **state)
{
	struct file_result *f = get(*state, "fs/a.c");

	add_site(f, 20, VERDICT_CATCH_ALL, "no rule matched");
	add_site(f, 10, VERDICT_CATCH_ALL, "no rule matched");
	add_site(f, 10, "local", "does not escape");
	add_site(f, 30, "copy", "copies");
	add_site(f, 30, VERDICT_CATCH_ALL, "no rule matched");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 3);
	assert_site(&f->sites[0], 10, "fn", "local", "does not escape");
	assert_site(&f->sites[1], 20, "fn", VERDICT_CATCH_ALL, "no rule matched");
	assert_site(&f->sites[2], 30, "fn", "copy", "copies");
}

static void test_tidy_only_catch_all(void **state)
{
	struct file_result *f = get(*state, "fs/a.c");

	add_site(f, 8, VERDICT_CATCH_ALL, "x");
	add_site(f, 8, VERDICT_CATCH_ALL, "x");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 1);
	assert_site(&f->sites[0], 8, "fn", VERDICT_CATCH_ALL, "x");
}

static void test_tidy_after_report(void **state)
{
	struct results *res = *state;
	struct file_result *f;

	report(res, "KMAP-SITE\t" FS_A "\t9\tg\tflag:no-rule\tunknown\n"
			    "KMAP-SITE\t" FS_A "\t4\tg\tlocal\tok\n"
			    "KMAP-SITE\t" FS_A "\t9\tg\tlocal\tfine\n"
			    "KMAP-SITE\t" FS_A "\t4\tg\tlocal\tok\n");
	f = get(res, "fs/a.c");
	file_result_tidy(f);
	assert_int_equal(f->nr_sites, 2);
	assert_site(&f->sites[0], 4, "g", "local", "ok");
	assert_site(&f->sites[1], 9, "g", "local", "fine");
}

static void test_clear(void **state)
{
	struct file_result *f = get(*state, "mm/b.c");

	add_site(f, 1, "local", "x");
	file_result_set_status(f, FILE_UNPARSED, "why");
	f->changed = true;
	buf_puts(&f->converted, "text");
	file_result_clear(f);
	assert_int_equal(f->nr_sites, 0);
	assert_int_equal(f->status, FILE_OK);
	assert_null(f->reason);
	assert_false(f->changed);
	assert_int_equal(f->converted.len, 0);
	assert_string_equal(f->path, "mm/b.c");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, results_setup, results_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_results_sorted),
		T(test_report_one_site),
		T(test_report_several_files),
		T(test_report_ignores_other_paths),
		T(test_report_header_name),
		T(test_report_length_delimited),
		T(test_scratch_names),
		T(test_report_ignores_other_lines),
		T(test_report_empty),
		T(test_log_unparsed),
		T(test_log_parse_error_lines),
		T(test_log_long_bad_line),
		T(test_log_bad_needs_parse_error),
		T(test_log_other_names),
		T(test_log_handled),
		T(test_log_timeout),
		T(test_log_timeout_beats_unparsed),
		T(test_log_exception_fails_file),
		T(test_log_python_failure_fails_file),
		T(test_set_status_keeps_worst),
		T(test_tidy_sorts_and_dedups),
		T(test_tidy_keeps_distinct_sites),
		T(test_tidy_ranks_flags),
		T(test_tidy_catch_all),
		T(test_tidy_only_catch_all),
		T(test_tidy_after_report),
		T(test_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
