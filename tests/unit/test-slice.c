/*
 * Unit tests for function slicing (src/slice.h): which bodies are blanked
 * (the keep set and its closure), that every kept line keeps its number
 * and column, and that spatch's result goes back onto the original text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "slice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void slice_str(struct slice *s, const char *text)
{
	*s = (struct slice)SLICE_INIT;
	slice_make(s, text, strlen(text));
}

/* Line n (1-based) of text, as a new string. */
static char *line_of(const char *text, unsigned n)
{
	const char *p = text, *end;

	while (--n && (p = strchr(p, '\n')))
		p++;
	assert_non_null(p);
	end = strchrnul(p, '\n');
	return strndup(p, (size_t)(end - p));
}

static unsigned lines(const char *text)
{
	unsigned n = 1;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static size_t column_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *q = p;

	assert_non_null(p);
	while (q > text && q[-1] != '\n')
		q--;
	return (size_t)(p - q);
}

/*
 * Is the function defined by `head` ("static int f(void)") blanked: its
 * whole definition gone, or its marker right after its '{'?
 */
static bool blanked(const struct slice *s, const char *head)
{
	const char *p = strstr(s->text.ptr, head);

	if (!p)
		return true;
	p = strchr(p, '{');
	assert_non_null(p);
	return !strncmp(p + 1, "/*kmap-local slice ", 19);
}

static const char two[] =
	"#include <linux/highmem.h>\n"
	"static int n;\n"
	"\n"
	"static void other(int x)\n"
	"{\n"
	"\tif (x)\n"
	"\t\tn += x; /* a comment */\n"
	"\tn--;\n"
	"}\n"
	"\n"
	"void copy(struct page *page, char *buf)\n"
	"{\n"
	"\tchar *p = kmap_atomic(page);\n"
	"\n"
	"\tmemcpy(buf, p, 16);\n"
	"\tkunmap_atomic(p);\n"
	"}\n"
	"int tail(void) { return n + 42 + n * 2; } /* end */\n";

static void test_lines_and_columns_kept(void **state)
{
	struct slice s;
	unsigned n = lines(two);
	char *last;

	(void)state;
	slice_str(&s, two);
	assert_int_equal(s.functions, 3);
	assert_int_equal(s.nr, 2);
	assert_true(blanked(&s, "static void other(int x)"));
	assert_true(blanked(&s, "int tail(void)"));
	assert_non_null(strstr(s.text.ptr, "int tail(void)"));
	assert_false(blanked(&s, "void copy(struct page *page, char *buf)"));
	assert_int_equal(lines(s.text.ptr), n);
	for (unsigned i = 1; i <= n; i++) {
		char *a = line_of(two, i), *b = line_of(s.text.ptr, i);

		if (i < 4 || (i > 9 && i < 18))	/* outside the blanked functions */
			assert_string_equal(a, b);
		free(a);
		free(b);
	}
	/* a whole definition goes: a declaration in its place, spaces to its '}' */
	last = line_of(s.text.ptr, 4);
	assert_string_equal(last, "int kmap_local_slice_0;");
	free(last);
	last = line_of(s.text.ptr, 9);
	assert_string_equal(last, " ");
	free(last);
	/* a one-line function keeps its head: the '}' keeps its column */
	assert_string_equal(strrchr(s.text.ptr, '{'), "{/*kmap-local slice 1*/  } /* end */\n");
	assert_int_equal(column_of(s.text.ptr, "} /* end */"), column_of(two, "} /* end */"));
	assert_null(strstr(s.text.ptr, "n--"));
	assert_null(strstr(s.text.ptr, "a comment"));
	assert_null(strstr(s.text.ptr, "other("));
	slice_release(&s);
}

/* Something before the declaration that is not its own ("__printf(1, 2)"):
 * only the body goes, the '}' stays. */
static void test_body_only_after_attribute(void **state)
{
	static const char text[] =
		"__printf(1, 2)\n"
		"static void say(const char *fmt, ...)\n"
		"{\n"
		"\tvprintk(fmt);\n"
		"}\n"
		"void g(void) { kmap(page); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.text.ptr,
			    "__printf(1, 2)\n"
			    "static void say(const char *fmt, ...)\n"
			    "{/*kmap-local slice 0*/\n"
			    "\n"
			    "}\n"
			    "void g(void) { kmap(page); }\n");
	slice_release(&s);
}

static void test_directives_stay(void **state)
{
	static const char text[] =
		"static void f(void)\n"
		"{\n"
		"#ifdef CONFIG_X\n"
		"\tx();\n"
		"#define Y(a) \\\n"
		"\t(a + 1)\n"
		"#endif /* CONFIG_X\n"
		"\t  still the comment */\n"
		"\ty();\n"
		"}\n"
		"void g(void) { kmap(page); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.text.ptr,
			    "int kmap_local_slice_0;\n"
			    "\n"
			    "#ifdef CONFIG_X\n"
			    "\n"
			    "#define Y(a) \\\n"
			    "\t(a + 1)\n"
			    "#endif /* CONFIG_X\n"
			    "\t  still the comment */\n"
			    "\n"
			    " \n"
			    "void g(void) { kmap(page); }\n");
	slice_release(&s);
}

/* A // comment of a directive, and a comment that runs onto the next line: copied once. */
static void test_directive_comment_runs_on(void **state)
{
	static const char text[] =
		"static void f(void)\n"
		"{\n"
		"#if A //* one\n"
		"#endif\n"
		"\tx(); /* two */\n"
		"#if B /* three\n"
		"#if C */\n"
		"#endif\n"
		"}\n"
		"void g(void) { kmap(page); }\n";
	struct slice s;
	struct buf back = BUF_INIT;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.nr, 1);
	assert_string_equal(s.text.ptr,
			    "int kmap_local_slice_0;\n"
			    "\n"
			    "#if A //* one\n"
			    "#endif\n"
			    "\n"
			    "#if B /* three\n"
			    "#if C */\n"
			    "#endif\n"
			    " \n"
			    "void g(void) { kmap(page); }\n");
	assert_int_equal(slice_restore(&back, &s, text, s.text.ptr, s.text.len), 0);
	assert_string_equal(back.ptr, text);
	buf_release(&back);
	slice_release(&s);
}

/*
 * Whole definitions with only directives and comments between them share
 * one stand-in; a declaration or a kept function between ends the run.
 */
static void test_adjacent_definitions_share_a_stand_in(void **state)
{
	static const char text[] =
		"static int a(void)\n{\n\treturn 1;\n}\n"
		"/* between */\n"
		"#ifdef CONFIG_X\n"
		"static int b(void)\n{\n\treturn 2;\n}\n"
		"#endif\n"
		"int decl;\n"
		"static int c(void)\n{\n\treturn 3;\n}\n"
		"void f(struct page *p)\n{\n\tkmap(p);\n\tkunmap(p);\n}\n"
		"static int d(void)\n{\n\treturn 4;\n}\n";
	struct slice s;
	struct buf back = BUF_INIT;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.functions, 5);
	assert_int_equal(s.blanked, 4);
	assert_int_equal(s.nr, 3);
	assert_string_equal(s.text.ptr,
			    "int kmap_local_slice_0;\n\n\n\n\n"
			    "#ifdef CONFIG_X\n"
			    "\n\n\n \n"
			    "#endif\n"
			    "int decl;\n"
			    "int kmap_local_slice_1;\n\n\n \n"
			    "void f(struct page *p)\n{\n\tkmap(p);\n\tkunmap(p);\n}\n"
			    "int kmap_local_slice_2;\n\n\n \n");
	assert_int_equal(lines(s.text.ptr), lines(text));
	assert_int_equal(slice_restore(&back, &s, text, s.text.ptr, s.text.len), 0);
	assert_string_equal(back.ptr, text);
	buf_release(&back);
	slice_release(&s);
}

/* A text that already holds the marker is not sliced: it could not be put back for sure. */
static void test_marker_in_text(void **state)
{
	struct slice s;

	(void)state;
	slice_str(&s, "static int f(void)\n{\n\treturn 1;\n}\n"
		      "/*kmap-local slice 0*/ void g(void) { kmap(page); }\n");
	assert_int_equal(s.nr, 0);
	slice_release(&s);
	slice_str(&s, "static int f(void)\n{\n\treturn 1;\n}\n"
		      "int kmap_local_slice_0; void g(void) { kmap(page); }\n");
	assert_int_equal(s.nr, 0);
	slice_release(&s);
}

/* A wrapper's direct callers, also one taking its name as a pointer; not
 * theirs. */
static void test_direct_callers(void **state)
{
	static const char text[] =
		"static void *map(struct page *p) { return kmap_atomic(p); }\n"
		"static void *mid(struct page *p) { return map(p); }\n"
		"int top(struct page *p) { return mid(p) != 0; }\n"
		"static int hook(void) { ops.fn = map; return 0; }\n"
		"static int alone(void) { return 1; }\n"
		"static int callee(void) { return 2; }\n"
		"static int uses_map_name_in_string(void) { puts(\"map\"); return 0; }\n"
		"static void *addr(struct page *p) { return page_address(p); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_false(blanked(&s, "static void *map(struct page *p)"));
	assert_false(blanked(&s, "static void *mid(struct page *p)"));
	assert_true(blanked(&s, "int top(struct page *p)"));
	assert_false(blanked(&s, "static int hook(void)"));
	assert_true(blanked(&s, "static int alone(void)"));
	assert_true(blanked(&s, "static int callee(void)"));
	assert_true(blanked(&s, "static int uses_map_name_in_string(void)"));
	assert_true(blanked(&s, "static void *addr(struct page *p)"));
	slice_release(&s);
}

/* A function a kept one calls is kept when it does a CPU-local operation
 * or tests the context (40-atomic reads its body); not otherwise. */
static void test_cpu_callees(void **state)
{
	static const char text[] =
		"static void flush(void) { local_flush_tlb_page(v); }\n"
		"static int ctx(void) { return in_atomic(); }\n"
		"static int plain(void) { return 3; }\n"
		"static int ctx_unused(void) { return irqs_disabled(); }\n"
		"void f(struct page *p) { void *a = kmap_atomic(p); flush(); ctx(); plain();"
		" kunmap_atomic(a); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_false(blanked(&s, "static void flush(void)"));
	assert_false(blanked(&s, "static int ctx(void)"));
	assert_true(blanked(&s, "static int plain(void)"));
	assert_true(blanked(&s, "static int ctx_unused(void)"));
	assert_false(blanked(&s, "void f(struct page *p)"));
	slice_release(&s);
}

/* Neither a struct, union or enum, a macro's parentheses nor a macro
 * without a type before it make a function. */
static void test_not_functions(void **state)
{
	static const char text[] =
		"#define FLAGS (A | B)\n"
		"enum {\n"
		"\tX = 1,\n"
		"};\n"
		"struct s { int a; } __attribute__((packed)) v;\n"
		"DECLARE_RC_STRUCT(map) {\n"
		"\tint a;\n"
		"};\n"
		"void g(void) { kmap(page); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.nr, 0);
	slice_release(&s);
}

static void test_restore(void **state)
{
	struct slice s;
	struct buf conv = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	const char *at;

	(void)state;
	slice_str(&s, two);
	/* what spatch would write: the kept function converted */
	buf_add(&conv, s.text.ptr, s.text.len);
	at = strstr(conv.ptr, "kmap_atomic(page)");
	buf_truncate(&conv, (size_t)(at - conv.ptr));
	buf_puts(&conv, "kmap_local_page(page)");
	buf_puts(&conv, strstr(s.text.ptr, "kmap_atomic(page)") + strlen("kmap_atomic(page)"));
	assert_int_equal(slice_restore(&out, &s, two, conv.ptr, conv.len), 0);
	buf_add(&want, two, (size_t)(strstr(two, "kmap_atomic(page)") - two));
	buf_puts(&want, "kmap_local_page(page)");
	buf_puts(&want, strstr(two, "kmap_atomic(page)") + strlen("kmap_atomic(page)"));
	assert_string_equal(out.ptr, want.ptr);
	/* unchanged: the original comes back */
	buf_reset(&out);
	assert_int_equal(slice_restore(&out, &s, two, s.text.ptr, s.text.len), 0);
	assert_string_equal(out.ptr, two);
	buf_release(&conv);
	buf_release(&out);
	buf_release(&want);
	slice_release(&s);
}

/* A stand-in spatch changed cannot go back: the file must run whole. */
static void test_restore_refuses_changed_stand_in(void **state)
{
	struct slice s;
	struct buf conv = BUF_INIT, out = BUF_INIT;
	char *m;

	(void)state;
	slice_str(&s, two);
	buf_add(&conv, s.text.ptr, s.text.len);
	m = strstr(conv.ptr, "kmap_local_slice_0;");
	assert_non_null(m);
	memmove(m + 19, m + 20, strlen(m + 20) + 1);	/* drop the newline after it */
	conv.len--;
	assert_int_equal(slice_restore(&out, &s, two, conv.ptr, conv.len), -1);
	buf_release(&conv);
	buf_release(&out);
	slice_release(&s);
}

static void test_nothing_to_blank(void **state)
{
	static const char text[] = "int x;\nvoid g(void) { kmap(page); }\n";
	struct slice s;

	(void)state;
	slice_str(&s, text);
	assert_int_equal(s.functions, 1);
	assert_int_equal(s.nr, 0);
	slice_release(&s);
	slice_str(&s, "struct a { int b; };\n");
	assert_int_equal(s.nr, 0);
	slice_release(&s);
}

static void test_switch(void **state)
{
	(void)state;
	unsetenv("KMAP_LOCAL_SLICE");
	assert_true(slice_enabled());
	setenv("KMAP_LOCAL_SLICE", "0", 1);
	assert_false(slice_enabled());
	setenv("KMAP_LOCAL_SLICE", "1", 1);
	assert_true(slice_enabled());
	unsetenv("KMAP_LOCAL_SLICE");
}

#define T(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_lines_and_columns_kept),
		T(test_body_only_after_attribute),
		T(test_directives_stay),
		T(test_directive_comment_runs_on),
		T(test_adjacent_definitions_share_a_stand_in),
		T(test_marker_in_text),
		T(test_direct_callers),
		T(test_cpu_callees),
		T(test_not_functions),
		T(test_restore),
		T(test_restore_refuses_changed_stand_in),
		T(test_nothing_to_blank),
		T(test_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
