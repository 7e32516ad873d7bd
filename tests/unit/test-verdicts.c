/*
 * Unit tests for the C post-checks on odd text: the scanner (src/cscan.h),
 * the verdicts (src/verdicts.h) and the LIFO check (src/lifo.h).  Each
 * case is text the fuzzers or a hostile tree can produce; the sanitizer
 * build (make SANITIZE=1 test) catches what the assertions cannot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cscan.h"
#include "lifo.h"
#include "results.h"
#include "verdicts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A function whose braces an #ifdef leaves open: it runs to the end. */
#define UNCLOSED_FN \
	"void f(struct page *p, struct page *q)\n" \
	"{\n" \
	"#ifdef A\n" \
	"\tif (x) {\n" \
	"#else\n" \
	"\tif (y) {\n" \
	"#endif\n"

static void test_unclosed_function_ends_at_the_text_end(void **state)
{
	static const char text[] = "int a;\0\n" UNCLOSED_FN "\t}\n}\n";
	struct toks t = { 0 };
	struct cfuncs fns = { 0 };
	size_t a, b;

	(void)state;
	toks_scan(&t, text, sizeof(text) - 1);
	cfuncs_find(&fns, &t);
	assert_int_equal(fns.nr, 1);
	assert_int_equal(fns.v[0].close, t.nr);
	cfunc_range(&t, &fns.v[0], &a, &b);
	assert_int_equal(a, 8);
	assert_int_equal(b, sizeof(text) - 1);
	cfuncs_release(&fns);
	toks_release(&t);
}

/* A NUL before such a function once gave it a negative length. */
static void test_nul_before_unclosed_function(void **state)
{
	static const char orig[] = "\0\n" UNCLOSED_FN
		"\t\ta = kmap_atomic(p);\n"
		"\t\tb = kmap_atomic(q);\n"
		"\t\tkunmap_atomic(a);\n"
		"\t\tx();\n"
		"\t\tkunmap_atomic(b);\n"
		"\t}\n"
		"}\n";
	static const char conv[] = "\0\n" UNCLOSED_FN
		"\t\ta = kmap_local_page(p);\n"
		"\t\tb = kmap_local_page(q);\n"
		"\t\tkunmap_local(a);\n"
		"\t\tx();\n"
		"\t\tkunmap_local(b);\n"
		"\t}\n"
		"}\n";
	struct file_result f = { 0 };

	(void)state;
	f.converted = (struct buf)BUF_INIT;
	buf_add(&f.converted, conv, sizeof(conv) - 1);
	f.changed = true;
	lifo_check(&f, orig, sizeof(orig) - 1);
	/* the unmaps are out of order: the function keeps its original text */
	assert_false(f.changed);
	assert_int_equal(f.converted.len, 0);
	file_result_clear(&f);
}

/* Run the LIFO check of converted text `conv` against `orig`. */
static void lifo(struct file_result *f, const char *orig, const char *conv)
{
	*f = (struct file_result){ 0 };
	f->converted = (struct buf)BUF_INIT;
	buf_puts(&f->converted, conv);
	f->changed = true;
	lifo_check(f, orig, strlen(orig));
}

/*
 * A function cut off right after a keyword.  The token array's slot past
 * the last token is allocated but never written (ASan fills it with
 * garbage), so reading it crashes the sanitizer build.  (The map is
 * unmapped before the cut: a map live at the end would be a leak.)
 */
static void test_function_ends_in_a_keyword(void **state)
{
	static const char *const keywords[] = { "if", "while", "for", "switch", "goto" };
	struct file_result f;

	(void)state;
	for (size_t k = 0; k < sizeof(keywords) / sizeof(*keywords); k++) {
		char orig[128], conv[128];
		struct toks t = { 0 };

		snprintf(orig, sizeof(orig),
			 "f(struct page *p)\n{\n\tx = kmap_atomic(p);\n\tkunmap_atomic(x);\n\t%s",
			 keywords[k]);
		snprintf(conv, sizeof(conv),
			 "f(struct page *p)\n{\n\tx = kmap_local_page(p);\n\tkunmap_local(x);\n\t%s",
			 keywords[k]);
		toks_scan(&t, conv, strlen(conv));
		assert_int_equal(tok_match(&t, t.nr - 1), t.nr);
		assert_int_equal(tok_match(&t, t.nr), t.nr);
		toks_release(&t);
		lifo(&f, orig, conv);
		assert_true(f.changed);
		assert_string_equal(f.converted.ptr, conv);
		file_result_clear(&f);
	}
}

/* Sites of an unclosed function that must keep its text are flagged. */
static void test_unclosed_function_sites_are_flagged(void **state)
{
	static const char orig[] = UNCLOSED_FN
		"\t\ta = kmap_atomic(p);\n"
		"\t\tb = kmap_atomic(q);\n"
		"\t\tkunmap_atomic(a);\n"
		"\t\tx();\n"
		"\t\tkunmap_atomic(b);\n"
		"\t}\n"
		"}\n";
	static const char conv[] = UNCLOSED_FN
		"\t\ta = kmap_local_page(p);\n"
		"\t\tb = kmap_local_page(q);\n"
		"\t\tkunmap_local(a);\n"
		"\t\tx();\n"
		"\t\tkunmap_local(b);\n"
		"\t}\n"
		"}\n";
	struct file_result f;

	(void)state;
	f = (struct file_result){ 0 };
	file_result_add_site(&f, 8, "f", "local", "");
	file_result_add_site(&f, 9, "f", "local", "");
	f.converted = (struct buf)BUF_INIT;
	buf_puts(&f.converted, conv);
	f.changed = true;
	lifo_check(&f, orig, strlen(orig));
	assert_false(f.changed);
	assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
	assert_string_equal(f.sites[1].verdict, "flag:unmap-order");
	file_result_clear(&f);
}

/* Statements nested ten thousand deep once overflowed the stack. */
static void test_deep_nesting(void **state)
{
	struct buf orig = BUF_INIT, conv = BUF_INIT;
	struct file_result f;

	(void)state;
	buf_puts(&orig, "void f(struct page *p)\n{\n");
	for (int i = 0; i < 10000; i++)
		buf_puts(&orig, "if (x) ");
	buf_puts(&orig, "{\n\tvoid *a = kmap_atomic(p);\n\n\tkunmap_atomic(a);\n}\n}\n");
	buf_puts(&conv, "void f(struct page *p)\n{\n");
	for (int i = 0; i < 10000; i++)
		buf_puts(&conv, "if (x) ");
	buf_puts(&conv, "{\n\tvoid *a = kmap_local_page(p);\n\n\tkunmap_local(a);\n}\n}\n");
	f = (struct file_result){ 0 };
	file_result_add_site(&f, 4, "f", "local", "");
	f.converted = (struct buf)BUF_INIT;
	buf_add(&f.converted, conv.ptr, conv.len);
	f.changed = true;
	lifo_check(&f, orig.ptr, orig.len);
	/* too deep to prove anything: the function keeps its text */
	assert_false(f.changed);
	assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
	assert_non_null(strstr(f.sites[0].evidence, "deep"));
	file_result_clear(&f);

	/* a long else-if chain is fine */
	buf_reset(&orig);
	buf_reset(&conv);
	buf_puts(&orig, "void g(struct page *p)\n{\n\tvoid *a = kmap_atomic(p);\n\n");
	buf_puts(&conv, "void g(struct page *p)\n{\n\tvoid *a = kmap_local_page(p);\n\n");
	for (int i = 0; i < 500; i++) {
		buf_puts(&orig, "\tif (x) y(); else\n");
		buf_puts(&conv, "\tif (x) y(); else\n");
	}
	buf_puts(&orig, "\tz();\n\tkunmap_atomic(a);\n}\n");
	buf_puts(&conv, "\tz();\n\tkunmap_local(a);\n}\n");
	lifo(&f, orig.ptr, conv.ptr);
	assert_true(f.changed);
	file_result_clear(&f);
	buf_release(&orig);
	buf_release(&conv);
}

/*
 * Two functions whose ranges overlap (found by the verdicts fuzz target):
 * a "function" inside another one's parameter list, or one that starts on
 * the line where the one before ends.  Fixing the later one made the
 * earlier one's offsets point past the text.
 */
static void test_functions_do_not_overlap(void **state)
{
	static const char nested[] = "f(f(){kmap_local_page()kunmap_local()}){kmap_local_page(" \
		"kunmap_local(";
	static const char one_line[] = "void g(void) { x(); } void f(struct page *p) " \
		"{ a = kmap_local_page(p); b = kmap_local_page(p); kunmap_local(a); y(); " \
		"kunmap_local(b); }\n";
	struct toks t = { 0 };
	struct cfuncs fns = { 0 };
	struct file_result f;
	size_t a, b;

	(void)state;
	toks_scan(&t, nested, strlen(nested));
	cfuncs_find(&fns, &t);
	assert_int_equal(fns.nr, 1);
	assert_int_equal(fns.v[0].head, 2);
	cfuncs_release(&fns);
	toks_release(&t);
	lifo(&f, "f(){\n", nested);
	file_result_clear(&f);

	toks_scan(&t, one_line, strlen(one_line));
	cfuncs_find(&fns, &t);
	assert_int_equal(fns.nr, 2);
	cfunc_range(&t, &fns.v[1], &a, &b);
	assert_int_equal(a, strlen("void g(void) { x(); }"));
	cfuncs_release(&fns);
	toks_release(&t);
	lifo(&f, "void g(void) { x(); } void f(struct page *p) { }\n", one_line);
	/* f is out of order and gets its original text back, g is untouched */
	assert_false(f.changed);
	file_result_clear(&f);
}

#define GP_ORIG \
	"static void put(struct page *page)\n{\n\tkunmap(page);\n\tput_page(page);\n}\n" \
	"static struct page *get(int n)\n{\n\tstruct page *page = rd(n);\n\n" \
	"\tif (!IS_ERR(page))\n\t\tkmap(page);\n\treturn page;\n}\n"
#define GP_CONV \
	"static void put(struct page *page, void *addr)\n{\n\tkunmap_local(addr);\n" \
	"\tput_page(page);\n}\n" \
	"static void *get(int n, struct page **pagep)\n{\n\tstruct page *page = rd(n);\n\n" \
	"\t*pagep = page;\n\tif (IS_ERR(page))\n\t\treturn ERR_CAST(page);\n" \
	"\treturn kmap_local_page(page);\n}\n"

/* A caller of a map wrapper: a failed get holds nothing, the rest is put. */
static void test_wrapper_caller_releases(void **state)
{
	static const char orig[] = GP_ORIG
		"int use(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\tpage = get(n);\n\tif (IS_ERR(page))\n\t\treturn -1;\n"
		"\ta = page_address(page);\n\tput(page);\n\treturn 0;\n}\n";
	static const char conv[] = GP_CONV
		"int use(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\ta = get(n, &page);\n\tif (IS_ERR(page))\n\t\treturn -1;\n"
		"\tput(page, a);\n\treturn 0;\n}\n";
	struct file_result f;

	(void)state;
	lifo(&f, orig, conv);
	assert_true(f.changed);
	assert_string_equal(f.converted.ptr, conv);
	file_result_clear(&f);
}

/*
 * A caller that returns still holding the wrapper's mapping: it, the
 * wrappers it calls and their other callers all get their text back.
 */
static void test_wrapper_group_stands_or_falls(void **state)
{
	static const char orig[] = GP_ORIG
		"int ok(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\tpage = get(n);\n\ta = page_address(page);\n\tput(page);\n\treturn 0;\n}\n"
		"char *held(int n, struct page **res)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\tpage = get(n);\n\ta = page_address(page);\n\t*res = page;\n\treturn a;\n}\n";
	static const char conv[] = GP_CONV
		"int ok(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\ta = get(n, &page);\n\tput(page, a);\n\treturn 0;\n}\n"
		"char *held(int n, struct page **res)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\ta = get(n, &page);\n\t*res = page;\n\treturn a;\n}\n";
	struct file_result f;

	(void)state;
	f = (struct file_result){ 0 };
	file_result_add_site(&f, 10, "get", "local", "");
	f.converted = (struct buf)BUF_INIT;
	buf_puts(&f.converted, conv);
	f.changed = true;
	lifo_check(&f, orig, strlen(orig));
	assert_false(f.changed);
	assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
	assert_non_null(strstr(f.sites[0].evidence, "helper get()"));
	file_result_clear(&f);
}

/*
 * The group goes back whole even where a helper's return type stands on
 * the line before its name: "static void *" would not match its body.
 */
static void test_wrapper_group_takes_back_the_return_type(void **state)
{
	static const char orig[] =
		"static void put(struct page *page)\n{\n\tkunmap(page);\n\tput_page(page);\n}\n"
		"static struct page *\nget(int n)\n{\n\tstruct page *page = rd(n);\n\n"
		"\tif (!IS_ERR(page))\n\t\tkmap(page);\n\treturn page;\n}\n"
		"char *held(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\tpage = get(n);\n\ta = page_address(page);\n\tif (!a[0]) {\n\t\tput(page);\n"
		"\t\treturn NULL;\n\t}\n\treturn a;\n}\n";
	static const char conv[] =
		"static void put(struct page *page, void *addr)\n{\n\tkunmap_local(addr);\n"
		"\tput_page(page);\n}\n"
		"static void *\nget(int n, struct page **pagep)\n{\n\tstruct page *page = rd(n);\n\n"
		"\t*pagep = page;\n\tif (IS_ERR(page))\n\t\treturn ERR_CAST(page);\n"
		"\treturn kmap_local_page(page);\n}\n"
		"char *held(int n)\n{\n\tchar *a;\n\tstruct page *page;\n\n"
		"\ta = get(n, &page);\n\tif (!a[0]) {\n\t\tput(page, a);\n\t\treturn NULL;\n"
		"\t}\n\treturn a;\n}\n";
	struct file_result f = { 0 };

	(void)state;
	file_result_add_site(&f, 12, "get", "local", "");
	f.converted = (struct buf)BUF_INIT;
	buf_puts(&f.converted, conv);
	f.changed = true;
	lifo_check(&f, orig, strlen(orig));
	if (f.changed)
		fail_msg("not put back whole:\n%s", f.converted.ptr);
	assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
	file_result_clear(&f);
}

/*
 * Texts cscan cannot follow (a stray quote, an unclosed function): the
 * put-back f reads as a changed f again.  Each name goes back once, so
 * the check ends; it looped forever before (found by fuzzing).
 */
static void test_wrapper_group_put_back_ends(void **state)
{
	static const char orig[] = "\"\n#i\nint f(int v)\n{\n}\n";
	static const char conv[] = "f(){kmap_local_page(kunmap_local(x);return kmap_atomic(page);\n";
	struct file_result f;
	const char *back;

	(void)state;
	lifo(&f, orig, conv);
	back = strstr(f.converted.ptr, "int f(int v)\n{\n}");
	assert_non_null(back);
	assert_null(strstr(back + 1, "int f("));
	file_result_clear(&f);
}

/*
 * Two definitions of one name (#ifdef branches): the second, whose unmaps
 * are out of order, gets its own text back, not the first's.
 */
static void test_same_name_gets_its_own_text_back(void **state)
{
#define TWO_FNS(MAP, UNMAP, FIRST, SECOND) \
	"#ifdef A\nvoid f(struct page *p, struct page *q)\n{\n" \
	"\tchar *a = " MAP "(p);\n\tchar *b = " MAP "(q);\n\tx();\n" \
	"\t" UNMAP "(" FIRST ");\n\t" UNMAP "(" SECOND ");\n}\n#else\n" \
	"void f(struct page *p, struct page *q)\n{\n" \
	"\tchar *a = " MAP "(p);\n\tchar *b = " MAP "(q);\n" \
	"\t" UNMAP "(a);\n\ty();\n\t" UNMAP "(b);\n}\n#endif\n"
	static const char orig[] = TWO_FNS("kmap_atomic", "kunmap_atomic", "b", "a");
	static const char conv[] = TWO_FNS("kmap_local_page", "kunmap_local", "b", "a");
	static const char want[] =
		"#ifdef A\nvoid f(struct page *p, struct page *q)\n{\n"
		"\tchar *a = kmap_local_page(p);\n\tchar *b = kmap_local_page(q);\n\tx();\n"
		"\tkunmap_local(b);\n\tkunmap_local(a);\n}\n#else\n"
		"void f(struct page *p, struct page *q)\n{\n"
		"\tchar *a = kmap_atomic(p);\n\tchar *b = kmap_atomic(q);\n"
		"\tkunmap_atomic(a);\n\ty();\n\tkunmap_atomic(b);\n}\n#endif\n";
#undef TWO_FNS
	struct file_result f;

	(void)state;
	lifo(&f, orig, conv);
	assert_true(f.changed);
	assert_string_equal(f.converted.ptr, want);
	file_result_clear(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unclosed_function_ends_at_the_text_end),
		cmocka_unit_test(test_nul_before_unclosed_function),
		cmocka_unit_test(test_function_ends_in_a_keyword),
		cmocka_unit_test(test_unclosed_function_sites_are_flagged),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_functions_do_not_overlap),
		cmocka_unit_test(test_wrapper_caller_releases),
		cmocka_unit_test(test_wrapper_group_stands_or_falls),
		cmocka_unit_test(test_wrapper_group_takes_back_the_return_type),
		cmocka_unit_test(test_wrapper_group_put_back_ends),
		cmocka_unit_test(test_same_name_gets_its_own_text_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
