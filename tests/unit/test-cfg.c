/*
 * Unit tests for the control-flow graph (src/cfg.h): its shape for each
 * statement form, and the LIFO dataflow over it (src/lifo.h): what each
 * path shape proves or refuses, and where the evidence says it refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfg.h"
#include "cscan.h"
#include "lifo.h"
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct graph {
	char *text;
	struct toks t;
	struct cfuncs fns;
	struct cfg g;
};

/* The graph of the first function of `text`. */
static void graph(struct graph *gr, const char *text)
{
	*gr = (struct graph){ 0 };
	gr->text = strdup(text);
	toks_scan(&gr->t, gr->text, strlen(text));
	cfuncs_find(&gr->fns, &gr->t);
	assert_true(gr->fns.nr > 0);
	cfg_build(&gr->g, &gr->t, gr->fns.v[0].open, gr->fns.v[0].close);
}

static void graph_release(struct graph *gr)
{
	cfg_release(&gr->g);
	cfuncs_release(&gr->fns);
	toks_release(&gr->t);
	free(gr->text);
}

static size_t count(const struct cfg *g, enum cfg_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nr; i++)
		n += g->v[i].kind == kind;
	return n;
}

/* The first node of `kind` on `line`, or -1. */
static int node(const struct cfg *g, enum cfg_kind kind, unsigned line)
{
	for (size_t i = 0; i < g->nr; i++)
		if (g->v[i].kind == kind && g->v[i].line == line)
			return (int)i;
	return -1;
}

/* The flags of the edge from a to b, or -1 if there is none. */
static int edge(const struct cfg *g, int a, int b)
{
	for (size_t k = 0; a >= 0 && k < g->v[a].nr_out; k++)
		if (cfg_out(g, a, k)->to == b)
			return (int)cfg_out(g, a, k)->flags;
	return -1;
}

static void test_if_else(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int cond, join, a, b;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tif (x)\n\t\ta();\n\telse\n\t\tb();\n\tc();\n}\n");
	cond = node(g, CFG_COND, 3);
	join = node(g, CFG_JOIN, 3);
	a = node(g, CFG_STMT, 4);
	b = node(g, CFG_STMT, 6);
	assert_int_equal(edge(g, cond, a), CFG_TRUE);
	assert_int_equal(edge(g, cond, b), CFG_FALSE);
	assert_int_equal(edge(g, a, join), CFG_THEN);
	assert_int_equal(edge(g, b, join), CFG_ELSE);
	assert_int_equal(edge(g, join, node(g, CFG_STMT, 7)), 0);
	assert_int_equal(edge(g, node(g, CFG_STMT, 7), 1), 0);	/* falls off the end */
	graph_release(&gr);
}

static void test_if_without_else(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tif (x)\n\t\ta();\n}\n");
	assert_int_equal(edge(g, node(g, CFG_COND, 3), node(g, CFG_JOIN, 3)), CFG_FALSE | CFG_ELSE);
	graph_release(&gr);
}

static void test_loop_break_continue(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int head, cond, after, brk, cont, last;

	(void)state;
	graph(&gr, "void f(void)\n{\n\twhile (x) {\n\t\tif (a)\n\t\t\tbreak;\n"
		   "\t\tif (b)\n\t\t\tcontinue;\n\t\tc();\n\t}\n\td();\n}\n");
	head = node(g, CFG_LOOP, 3);
	cond = node(g, CFG_COND, 3);
	after = node(g, CFG_MEET, 3);
	brk = node(g, CFG_COND, 4);
	cont = node(g, CFG_COND, 6);
	last = node(g, CFG_STMT, 8);
	assert_int_equal(edge(g, head, cond), 0);
	assert_int_equal(edge(g, cond, after), CFG_FALSE | CFG_LEAVE);
	assert_int_equal(edge(g, brk, after), CFG_TRUE);
	assert_int_equal(edge(g, cont, head), CFG_TRUE | CFG_BACK);
	assert_int_equal(edge(g, last, head), CFG_BACK);
	assert_int_equal(g->v[after].nr_in, 2);
	assert_int_equal(g->v[cond].loop, head);
	graph_release(&gr);
}

static void test_endless_loops_have_no_way_out_but_break(void **state)
{
	static const char *const loops[] = { "for (;;)", "while (1)", "while (true)" };

	(void)state;
	for (size_t i = 0; i < sizeof(loops) / sizeof(*loops); i++) {
		struct graph gr;
		char text[128];

		snprintf(text, sizeof(text), "void f(void)\n{\n\t%s\n\t\ta();\n\tb();\n}\n", loops[i]);
		graph(&gr, text);
		assert_int_equal(gr.g.v[node(&gr.g, CFG_MEET, 3)].nr_in, 0);
		assert_int_equal(node(&gr.g, CFG_STMT, 5), (int)gr.g.nr - 1);
		assert_int_equal(gr.g.v[node(&gr.g, CFG_STMT, 5)].nr_in, 0);	/* unreachable */
		graph_release(&gr);
	}
}

static void test_do_while(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int head, cond;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tdo {\n\t\ta();\n\t} while (x);\n\tb();\n}\n");
	head = node(g, CFG_LOOP, 3);
	cond = node(g, CFG_COND, 5);
	assert_int_equal(edge(g, node(g, CFG_STMT, 4), cond), 0);
	assert_int_equal(edge(g, cond, head), CFG_TRUE | CFG_BACK);
	assert_int_equal(edge(g, cond, node(g, CFG_MEET, 3)), CFG_FALSE | CFG_LEAVE);
	graph_release(&gr);
}

static void test_switch_fallthrough(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int sw, c0, c1, after;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tswitch (x) {\n\tcase 0:\n\t\ta();\n\tcase 1:\n"
		   "\t\tb();\n\t\tbreak;\n\t}\n}\n");
	sw = node(g, CFG_COND, 3);
	c0 = node(g, CFG_MEET, 4);
	c1 = node(g, CFG_MEET, 6);
	after = node(g, CFG_MEET, 3);
	assert_int_equal(edge(g, sw, c0), 0);
	assert_int_equal(edge(g, sw, c1), 0);
	assert_int_equal(edge(g, node(g, CFG_STMT, 5), c1), 0);	/* falls through */
	assert_int_equal(edge(g, node(g, CFG_STMT, 7), after), 0);
	assert_int_equal(edge(g, sw, after), 0);	/* no default */
	assert_int_equal(g->v[c1].nr_in, 2);
	graph_release(&gr);
}

static void test_switch_default_leaves_no_way_around(void **state)
{
	struct graph gr;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tswitch (x) {\n\tcase 0:\n\t\treturn;\n\tdefault:\n"
		   "\t\treturn;\n\t}\n\ta();\n}\n");
	assert_int_equal(edge(&gr.g, node(&gr.g, CFG_COND, 3), node(&gr.g, CFG_MEET, 3)), -1);
	assert_int_equal(gr.g.v[node(&gr.g, CFG_STMT, 9)].nr_in, 0);
	graph_release(&gr);
}

static void test_gotos_back_and_forth(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int retry, out, again, leave;

	(void)state;
	graph(&gr, "void f(void)\n{\nretry:\n\tif (a)\n\t\tgoto retry;\n\tif (b)\n"
		   "\t\tgoto out;\n\tc();\nout:\n\td();\n}\n");
	retry = node(g, CFG_LABEL, 3);
	out = node(g, CFG_LABEL, 9);
	again = node(g, CFG_COND, 4);
	leave = node(g, CFG_COND, 6);
	assert_true(retry >= 0 && out >= 0);
	assert_int_equal(edge(g, again, retry), CFG_TRUE | CFG_BACK);
	assert_int_equal(edge(g, leave, out), CFG_TRUE);
	assert_int_equal(g->v[out].nr_in, 2);	/* the goto and the statement before */
	graph_release(&gr);
}

static void test_return_ends_a_path(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;
	int ret;

	(void)state;
	graph(&gr, "int f(void)\n{\n\tif (a)\n\t\treturn 1;\n\treturn 0;\n\tdead();\n}\n");
	ret = node(g, CFG_RETURN, 4);
	assert_int_equal(g->v[ret].nr_out, 0);
	assert_int_equal(g->v[node(g, CFG_STMT, 6)].nr_in, 0);
	assert_int_equal(g->v[1].nr_in, 1);	/* only the dead statement falls off */
	assert_int_equal(count(g, CFG_RETURN), 2);
	graph_release(&gr);
}

static void test_statement_macro_is_a_loop(void **state)
{
	struct graph gr;
	const struct cfg *g = &gr.g;

	(void)state;
	graph(&gr, "void f(void)\n{\n\tfor_each_sg(sgl, sg, n, i) {\n\t\ta();\n\t}\n}\n");
	assert_int_equal(count(g, CFG_LOOP), 1);
	assert_int_equal(edge(g, node(g, CFG_COND, 3), node(g, CFG_MEET, 3)),
			 CFG_FALSE | CFG_LEAVE);
	graph_release(&gr);
}

static void test_deep_nesting_is_not_built(void **state)
{
	struct graph gr;
	char *text = malloc(20 * 2000 + 64);
	size_t n = 0;

	(void)state;
	n += sprintf(text + n, "void f(void)\n{\n");
	for (int i = 0; i < 2000; i++)
		n += sprintf(text + n, "if (x) {\n");
	for (int i = 0; i < 2000; i++)
		n += sprintf(text + n, "}\n");
	sprintf(text + n, "}\n");
	graph(&gr, text);
	assert_true(gr.g.deep);
	graph_release(&gr);
	free(text);
}

/* The LIFO check of `conv` (original text `orig`), with one site on `line`. */
static void check(struct file_result *f, const char *orig, const char *conv, unsigned line)
{
	*f = (struct file_result){ 0 };
	file_result_add_site(f, line, "f", "local", "");
	f->converted = (struct buf)BUF_INIT;
	buf_puts(&f->converted, conv);
	f->changed = true;
	lifo_check(f, orig, strlen(orig));
}

/* Does the check keep `body`, converted, and if not, what does it say? */
static void expect(const char *body, const char *evidence)
{
	struct buf orig = BUF_INIT, conv = BUF_INIT;
	struct file_result f;

	buf_printf(&conv, "int f(struct page **pg, int n)\n{\n%s}\n", body);
	buf_printf(&orig, "int f(struct page **pg, int n)\n{\n/* orig */\n%s}\n", body);
	check(&f, orig.ptr, conv.ptr, 3);
	if (!evidence) {
		if (!f.changed)
			fail_msg("refused: %s", f.sites[0].evidence);
		assert_string_equal(f.converted.ptr, conv.ptr);
		assert_string_equal(f.sites[0].verdict, "local");
	} else {
		assert_false(f.changed);
		assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
		if (!strstr(f.sites[0].evidence, evidence))
			fail_msg("evidence \"%s\" does not say \"%s\"", f.sites[0].evidence, evidence);
	}
	file_result_clear(&f);
	buf_release(&orig);
	buf_release(&conv);
}

static void test_flow_leaks(void **state)
{
	(void)state;
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tif (n)\n\t\treturn -1;\n"
	       "\tkunmap_local(p);\n\treturn 0;\n", "line 5: it returns with 'p' still mapped");
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tp[0] = 0;\n",
	       "line 5: it ends with 'p' still mapped");
	expect("\tchar *p;\n\tfor (;;) {\n\t\tp = kmap_local_page(pg[n]);\n\t\tif (p[0])\n"
	       "\t\t\tcontinue;\n\t\tkunmap_local(p);\n\t\tbreak;\n\t}\n\treturn 0;\n",
	       "line 4: an iteration of the loop ends with 'p' mapped but began with nothing");
	/* kmap_atomic() that the conversion left alone is not this check's leak */
	expect("\tchar *p = kmap_atomic(pg[0]);\n\tchar *q = kmap_local_page(pg[1]);\n"
	       "\tkunmap_local(q);\n\treturn 0;\n", NULL);
	/* a mapping handed to the caller or stored through a pointer is not a leak */
	expect("\tchar *p = kmap_local_page(pg[0]);\n\treturn p;\n", NULL);
	expect("\treturn kmap_local_page(pg[0]);\n", NULL);
	expect("\t*out = kmap_local_page(pg[0]);\n\treturn 0;\n", NULL);
}

static void test_flow_joins(void **state)
{
	(void)state;
	/* a map in each case, one unmap after the switch */
	expect("\tchar *p;\n\tswitch (n) {\n\tcase 0:\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\t\tbreak;\n\tdefault:\n\t\tp = kmap_local_page(pg[1]);\n\t}\n"
	       "\tkunmap_local(p);\n\treturn 0;\n", NULL);
	/* a case that does not map */
	expect("\tchar *p;\n\tswitch (n) {\n\tcase 0:\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\t\tbreak;\n\tcase 1:\n\t\tbreak;\n\t}\n\tkunmap_local(p);\n\treturn 0;\n",
	       "line 4: paths meet after the switch with 'p' mapped on one and nothing on another");
	/* fallthrough into a case reached without the map */
	expect("\tchar *p;\n\tswitch (n) {\n\tcase 0:\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\tcase 1:\n\t\tkunmap_local(p);\n\t}\n\treturn 0;\n",
	       "line 7: paths meet at 'case 1' with 'p' mapped on one and nothing on another");
	/* a backward goto with the map live */
	expect("\tchar *p;\nretry:\n\tp = kmap_local_page(pg[0]);\n\tif (!p[0])\n"
	       "\t\tgoto retry;\n\tkunmap_local(p);\n\treturn 0;\n",
	       "line 4: paths meet at label 'retry' with nothing mapped on one and 'p' on another");
	/* ... and with it unmapped first */
	expect("\tchar *p;\nretry:\n\tp = kmap_local_page(pg[0]);\n\tif (!p[0]) {\n"
	       "\t\tkunmap_local(p);\n\t\tgoto retry;\n\t}\n\tkunmap_local(p);\n\treturn 0;\n",
	       NULL);
}

static void test_flow_loops(void **state)
{
	(void)state;
	/* break with the map live, unmapped after the endless loop */
	expect("\tchar *p;\n\tfor (;;) {\n\t\tp = kmap_local_page(pg[n++]);\n\t\tif (p[0])\n"
	       "\t\t\tbreak;\n\t\tkunmap_local(p);\n\t}\n\tkunmap_local(p);\n\treturn 0;\n",
	       NULL);
	/* ... but a loop that may also end on its condition */
	expect("\tchar *p;\n\twhile (n--) {\n\t\tp = kmap_local_page(pg[n]);\n\t\tif (p[0])\n"
	       "\t\t\tbreak;\n\t\tkunmap_local(p);\n\t}\n\tkunmap_local(p);\n\treturn 0;\n",
	       "line 4: paths meet after the loop with nothing mapped on one and 'p' on another");
	/* unmap and remap inside nested loops, left by goto */
	expect("\tchar *p;\n\tint i, j;\n\tfor (i = 0; i < n; i++) {\n"
	       "\t\tp = kmap_local_page(pg[i]);\n\t\tfor (j = 0; j < n; j++) {\n"
	       "\t\t\tif (p[j])\n\t\t\t\tcontinue;\n\t\t\tkunmap_local(p);\n"
	       "\t\t\tp = kmap_local_page(pg[0]);\n\t\t\tkunmap_local(p);\n\t\t\tgoto out;\n"
	       "\t\t}\n\t\tkunmap_local(p);\n\t}\nout:\n\treturn 0;\n", NULL);
	/* the array idiom: one loop maps, a later one unmaps in reverse */
	expect("\tchar *v[4];\n\tint i;\n\tfor (i = 0; i < 4; i++)\n"
	       "\t\tv[i] = kmap_local_page(pg[i]);\n\tfor (i = 3; i >= 0; i--)\n"
	       "\t\tkunmap_local(v[i]);\n\treturn 0;\n", NULL);
}

static void test_flow_conditions(void **state)
{
	(void)state;
	/* a NULL test of the mapped pointer leaves nothing mapped on its path */
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tif (unlikely(!p))\n\t\treturn -1;\n"
	       "\tkunmap_local(p);\n\treturn 0;\n", NULL);
	/* ... and its other way goes on with the mapping */
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tif (p)\n\t\tp[0] = 0;\n"
	       "\tkunmap_local(p);\n\treturn 0;\n", NULL);
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tif (!p)\n\t\tn = 0;\n"
	       "\tkunmap_local(p);\n\treturn n;\n", NULL);
	/* a pointer mapped on some paths: not mapped where NULL, mapped where not */
	expect("\tchar *p = NULL;\n\tif (n)\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\tif (!p)\n\t\treturn 0;\n\tkunmap_local(p);\n\treturn 0;\n", NULL);
	expect("\tchar *p = NULL;\n\tif (n)\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\tif (!p)\n\t\tn = 0;\n\tkunmap_local(p);\n\treturn 0;\n",
	       "line 8: 'p' is unmapped on every path but mapped only on some");
	/* a call's result is not the mapping, so its test is not a NULL test */
	expect("\tchar *p = kmap_local_page(pg[0]);\n\tint r = g(p);\n\tr = g(p + 1);\n"
	       "\tif (!r)\n\t\treturn r;\n\tkunmap_local(p);\n\treturn 0;\n",
	       "line 7: it returns with 'p' still mapped");
	/* chained assignment: the base is unmapped, the pointer advanced */
	expect("\tu32 *base, *p;\n\tbase = p = kmap_local_page(pg[0]);\n\t*p++ = 1;\n"
	       "\tkunmap_local(base);\n\treturn 0;\n", NULL);
	/* an unmap under a condition the map was not made under */
	expect("\tchar *p = NULL;\n\tif (n)\n\t\tp = kmap_local_page(pg[0]);\n"
	       "\tkunmap_local(p);\n\treturn 0;\n",
	       "line 6: 'p' is unmapped on every path but mapped only on some");
}

static void test_flow_keeps_the_swap(void **state)
{
	static const char orig[] = "void f(struct page *a, struct page *b)\n{\n"
		"\tchar *x = kmap(a);\n\tchar *y = kmap(b);\n\tkunmap(a);\n\tkunmap(b);\n}\n";
	static const char conv[] = "void f(struct page *a, struct page *b)\n{\n"
		"\tchar *x = kmap_local_page(a);\n\tchar *y = kmap_local_page(b);\n"
		"\tkunmap_local(x);\n\tkunmap_local(y);\n}\n";
	struct file_result f;

	(void)state;
	check(&f, orig, conv, 3);
	assert_true(f.changed);
	assert_non_null(strstr(f.converted.ptr, "kunmap_local(y);\n\tkunmap_local(x);\n"));
	file_result_clear(&f);
}

#define WRAP_ORIG \
	"static void put(struct page *page)\n{\n\tkunmap(page);\n\tput_page(page);\n}\n" \
	"static struct page *get(int n)\n{\n\tstruct page *page = rd(n);\n\n" \
	"\tif (!IS_ERR(page))\n\t\tkmap(page);\n\treturn page;\n}\n"
#define WRAP_CONV \
	"static void put(struct page *page, void *addr)\n{\n\tkunmap_local(addr);\n" \
	"\tput_page(page);\n}\n" \
	"static void *get(int n, struct page **pagep)\n{\n\tstruct page *page = rd(n);\n\n" \
	"\t*pagep = page;\n\tif (IS_ERR(page))\n\t\treturn ERR_CAST(page);\n" \
	"\treturn kmap_local_page(page);\n}\n"
#define WRAP_ORIG_LINES 13	/* the lines of WRAP_ORIG */

/*
 * The check of a caller of the file's get/put wrappers whose converted
 * body is `body`: NULL evidence, the file keeps its converted text; else
 * the caller and the wrappers go back and the caller's site says so.
 */
static void expect_wrapped(const char *body, const char *evidence, struct buf *out)
{
	struct buf orig = BUF_INIT, conv = BUF_INIT;
	struct file_result f;

	buf_printf(&conv, WRAP_CONV "int f(int n)\n{\n%s}\n", body);
	buf_printf(&orig, WRAP_ORIG "int f(int n)\n{\n/* orig */\n%s}\n", body);
	check(&f, orig.ptr, conv.ptr, WRAP_ORIG_LINES + 3);
	if (!evidence) {
		if (!f.changed)
			fail_msg("refused: %s", f.sites[0].evidence);
		buf_puts(out, f.converted.ptr);
		assert_string_equal(f.sites[0].verdict, "local");
	} else {
		assert_false(f.changed);
		assert_string_equal(f.sites[0].verdict, "flag:unmap-order");
		if (!strstr(f.sites[0].evidence, evidence))
			fail_msg("evidence \"%s\" does not say \"%s\"", f.sites[0].evidence, evidence);
	}
	file_result_clear(&f);
	buf_release(&orig);
	buf_release(&conv);
}

/* A wrapper's map and unmap are events; a failed get maps nothing. */
static void test_flow_wrappers(void **state)
{
	static const char *const kept[] = {
		"\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		"\tif (IS_ERR(page))\n\t\treturn -1;\n\tput(page, a);\n\treturn 0;\n",
		/* the test may name the address, or hide in unlikely() */
		"\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		"\tif (unlikely(IS_ERR(a)))\n\t\treturn -1;\n\tput(page, a);\n\treturn 0;\n",
		/* "!IS_ERR()": the get failed on the other way */
		"\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		"\tif (!IS_ERR(page)) {\n\t\ta[0] = 0;\n\t\tput(page, a);\n\t}\n\treturn 0;\n",
		/* a failed get leaving the loop */
		"\tchar *a;\n\tstruct page *page;\n\n\twhile (n--) {\n\t\ta = get(n, &page);\n"
		"\t\tif (IS_ERR(page))\n\t\t\tbreak;\n\t\tput(page, a);\n\t}\n\treturn 0;\n",
		/* IS_ERR_OR_NULL(): a NULL page was never mapped either */
		"\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		"\tif (IS_ERR_OR_NULL(page))\n\t\treturn -1;\n\tput(page, a);\n\treturn 0;\n",
		"\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		"\tif (!IS_ERR_OR_NULL(a)) {\n\t\ta[0] = 0;\n\t\tput(page, a);\n\t}\n\treturn 0;\n",
	};
	struct buf out = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(kept) / sizeof(*kept); i++)
		expect_wrapped(kept[i], NULL, &out);
	/* returning the wrapper's mapping, or testing another page */
	expect_wrapped("\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		       "\tif (a[0])\n\t\treturn a[0];\n\tput(page, a);\n\treturn 0;\n",
		       "line 22: it returns with 'a' from the map wrapper still mapped", NULL);
	expect_wrapped("\tchar *a;\n\tstruct page *page, *other = NULL;\n\n\ta = get(n, &page);\n"
		       "\tif (IS_ERR(other))\n\t\treturn -1;\n\tput(page, a);\n\treturn 0;\n",
		       "from the map wrapper still mapped", NULL);
	/* a test that is neither: IS_ERR_OR_ZERO() is no failed get */
	expect_wrapped("\tchar *a;\n\tstruct page *page;\n\n\ta = get(n, &page);\n"
		       "\tif (IS_ERR_OR_ZERO(page))\n\t\treturn -1;\n\tput(page, a);\n\treturn 0;\n",
		       "from the map wrapper still mapped", NULL);
	/* two puts out of order, next to each other, are swapped */
	buf_reset(&out);
	expect_wrapped("\tchar *a, *b;\n\tstruct page *p, *q;\n\n\ta = get(n, &p);\n"
		       "\tb = get(n + 1, &q);\n\tput(p, a);\n\tput(q, b);\n\treturn 0;\n", NULL, &out);
	assert_non_null(strstr(out.ptr, "\tput(q, b);\n\tput(p, a);\n"));
	buf_release(&out);
}

/* Many statements, gotos and labels: the walk settles in bounded time. */
static void test_flow_large_function(void **state)
{
	struct buf body = BUF_INIT;
	char *text;

	(void)state;
	buf_puts(&body, "\tchar *p = kmap_local_page(pg[0]);\n");
	for (int i = 0; i < 3000; i++)
		buf_printf(&body, "\tif (p[%d])\n\t\tgoto out;\n\tn += %d;\n", i, i);
	buf_puts(&body, "out:\n\tkunmap_local(p);\n\treturn n;\n");
	text = buf_detach(&body, NULL);
	expect(text, NULL);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_else),
		cmocka_unit_test(test_if_without_else),
		cmocka_unit_test(test_loop_break_continue),
		cmocka_unit_test(test_endless_loops_have_no_way_out_but_break),
		cmocka_unit_test(test_do_while),
		cmocka_unit_test(test_switch_fallthrough),
		cmocka_unit_test(test_switch_default_leaves_no_way_around),
		cmocka_unit_test(test_gotos_back_and_forth),
		cmocka_unit_test(test_return_ends_a_path),
		cmocka_unit_test(test_statement_macro_is_a_loop),
		cmocka_unit_test(test_deep_nesting_is_not_built),
		cmocka_unit_test(test_flow_leaks),
		cmocka_unit_test(test_flow_joins),
		cmocka_unit_test(test_flow_loops),
		cmocka_unit_test(test_flow_conditions),
		cmocka_unit_test(test_flow_keeps_the_swap),
		cmocka_unit_test(test_flow_wrappers),
		cmocka_unit_test(test_flow_large_function),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
