/*
 * Unit tests for the Kconfig solver (src/kconfig_solve.h): a small tree of
 * Kconfig files written to a temporary directory, plans read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fs.h"
#include "kconfig_solve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/kmap-local-kconfig-XXXXXX";

static void put(const char *path, const char *text)
{
	struct buf p = BUF_INIT;

	buf_printf(&p, "%s/%s", dir, path);
	assert_int_equal(write_file_p(p.ptr, text, strlen(text)), 0);
	buf_release(&p);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	put("Kconfig",
	    "mainmenu \"t\"\n"
	    "config MMU\n\tdef_bool y\n"
	    "source \"arch/$(SRCARCH)/Kconfig\"\n"
	    "menu \"Drivers\"\n\tdepends on BLOCK\n"
	    "config DRV\n\ttristate \"a driver\"\n\tdepends on BUS_A || BUS_B\n"
	    "\thelp\n\t  depends on NOT_A_DEPENDENCY\n\n\t  config NOT_A_SYMBOL\n"
	    "config BUS_A\n\tbool \"bus a\"\n\tdepends on !MMU\n"
	    "config BUS_B\n\tbool \"bus b\"\n"
	    "endmenu\n"
	    "config BLOCK\n\tbool \"block\"\n"
	    "config BOARD_DRV\n\tbool \"board driver\"\n\tdepends on BOARD_X && (FOO=y)\n"
	    "config FOO\n\tbool \"foo\"\n"
	    "config EXCL\n\tbool \"excluded\"\n\tdepends on !ARM\n"
	    "config BUILTIN_ONLY\n\tbool \"needs FOO built in\"\n\tdepends on FOO=y\n"
	    "rsource \"lib/Kconfig\"\n"
	    "config IMPLIER\n\tbool \"implier\"\n\timply HIDDEN_LIB\n"
	    "config HIDDEN_LIB\n\tbool\n\tdepends on BLOCK\n"
	    "menu \"Expert\"\n\tvisible if EXPERT_MENU\n"
	    "config TUNED\n\tbool \"tuned\"\n\tdefault y if FOO\n"
	    "endmenu\n"
	    "config EXPERT_MENU\n\tbool\n"
	    "config PROMPT_IF\n\tbool \"not on arm\" if !ARM\n\tdefault y if BLOCK\n"
	    "config MIPS_BOARD_DRV\n\ttristate \"mips only\"\n\tdepends on BOARD_X || MIPS\n"
	    "config MIXED_DRV\n\ttristate \"mips or unknown\"\n\tdepends on BOARD_X || UNKNOWN\n"
	    "config NOT_ARM_DRV\n\ttristate \"mips or not arm\"\n\tdepends on BOARD_X || EXCL\n"
	    "config SELF_EXCL\n\tbool \"foo and not foo\"\n\tdepends on FOO && !FOO\n");
	put("lib/Kconfig", "config LIBX\n\tbool\n\tdefault y if FOO\n");
	put("arch/arm/Kconfig",
	    "config ARM\n\tdef_bool y\n"
	    "choice\n\tprompt \"CPU\"\n\tdepends on MMU\n"
	    "config CPU_V7\n\tbool \"v7\"\n"
	    "config CPU_V4\n\tbool \"v4\"\n"
	    "endchoice\n"
	    "if CPU_V4\n"
	    "config BOARD_GEMINI\n\tbool \"gemini\"\n\tselect CPU_FA\n"
	    "endif\n"
	    "config CPU_FA\n\tbool\n\tselect COPY_FA if MMU\n"
	    "config COPY_FA\n\tbool\n");
	put("arch/ppc/Kconfig",
	    "config 64BIT\n\tbool\n\tdefault y if PPC64\n"
	    "config PPC64\n\tbool \"64-bit kernel\"\n"
	    "config BOOK3S_64\n\tbool \"book3s\"\n\tdepends on PPC64\n"
	    "config RV64\n\tbool \"rv64\"\n\tselect 64BIT\n"
	    "config RV_ONLY\n\tbool \"rv\"\n\tdepends on RV64\n");
	put("arch/mips/Kconfig", "config MIPS\n\tdef_bool y\nconfig BOARD_X\n\tbool \"x\"\n");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_tree(dir);
	return 0;
}

struct result {
	bool ok, settled;
	char on[256], off[256], why[256], arches[64];
};

static void join(char *out, size_t size, const struct strvec *v)
{
	out[0] = '\0';
	for (size_t i = 0; i < v->nr; i++) {
		strncat(out, i ? " " : "", size - strlen(out) - 1);
		strncat(out, v->v[i], size - strlen(out) - 1);
	}
}

static struct result solve(const char *srcarch, const char *config, const char *symbol)
{
	struct kconfig_db *db = NULL;
	struct kconfig_plan plan = KCONFIG_PLAN_INIT;
	struct result r;

	assert_int_equal(kconfig_db_load(&db, dir, srcarch), 0);
	r.ok = kconfig_solve(&plan, db, config, symbol);
	r.settled = plan.settled;
	join(r.on, sizeof(r.on), &plan.on);
	join(r.off, sizeof(r.off), &plan.off);
	join(r.arches, sizeof(r.arches), &plan.arches);
	snprintf(r.why, sizeof(r.why), "%s", plan.why.ptr);
	kconfig_plan_release(&plan);
	kconfig_db_free(db);
	return r;
}

#define ARM_V7 "CONFIG_MMU=y\nCONFIG_ARM=y\nCONFIG_CPU_V7=y\n"

/* A menu's depends on, and the second of two alternatives when the first is excluded. */
static void test_depends_menu_and_or(void **state)
{
	struct result r = solve("arm", ARM_V7, "DRV");

	(void)state;
	assert_true(r.ok);
	assert_string_equal(r.on, "DRV BLOCK BUS_B");
	assert_string_equal(r.why, "");
}

/* The select chain of an invisible symbol, through an if block and a choice. */
static void test_select_chain_and_choice(void **state)
{
	struct result r = solve("arm", ARM_V7, "COPY_FA");

	(void)state;
	assert_true(r.ok);
	assert_string_equal(r.on, "COPY_FA CPU_FA BOARD_GEMINI CPU_V4");
	assert_string_equal(r.off, "CPU_V7");
}

/* A symbol only another arch defines: named, and that arch suggested. */
static void test_other_arch(void **state)
{
	struct result r = solve("arm", ARM_V7, "BOARD_DRV");

	(void)state;
	assert_false(r.ok);
	assert_string_equal(r.why, "needs BOARD_X, which is not in the Kconfig of arm");
	assert_string_equal(r.arches, "mips");
	assert_true(r.settled);
	r = solve("mips", "CONFIG_MMU=y\nCONFIG_MIPS=y\n", "BOARD_DRV");
	assert_true(r.ok);
	assert_string_equal(r.on, "BOARD_DRV BOARD_X FOO");
}

static void test_excluded(void **state)
{
	struct result r = solve("arm", ARM_V7, "EXCL");

	(void)state;
	assert_false(r.ok);
	assert_string_equal(r.why, "excluded by !ARM, which is on for arm");
	assert_string_equal(r.on, "");
	assert_true(r.settled);
}

/*
 * Settled: every way fails on what setting the symbol alone cannot change
 * (a symbol only another arch defines, an exclusion by a symbol .config
 * has on).  A way that fails on a symbol no arch defines, or on a symbol
 * only the plan turns on, leaves it to olddefconfig.
 */
static void test_settled_only_when_no_try_can_help(void **state)
{
	struct result r = solve("arm", ARM_V7, "MIPS_BOARD_DRV");

	(void)state;
	assert_false(r.ok);
	assert_true(r.settled);
	assert_string_equal(r.why, "needs BOARD_X, which is not in the Kconfig of arm");
	r = solve("arm", ARM_V7, "NOT_ARM_DRV");
	assert_false(r.ok);
	assert_true(r.settled);
	r = solve("arm", ARM_V7, "MIXED_DRV");
	assert_false(r.ok);
	assert_false(r.settled);
	r = solve("arm", ARM_V7, "NOT_A_SYMBOL");
	assert_false(r.ok);
	assert_false(r.settled);
	r = solve("arm", ARM_V7, "SELF_EXCL");
	assert_false(r.ok);
	assert_string_equal(r.why, "excluded by !FOO, which is on for arm");
	assert_false(r.settled);
	r = solve("mips", "CONFIG_MMU=y\nCONFIG_MIPS=y\n", "MIPS_BOARD_DRV");
	assert_true(r.ok);
	assert_false(r.settled);
}

/* A default, read from a file an rsource line names; help text is not read. */
static void test_default_and_help(void **state)
{
	struct result r = solve("arm", ARM_V7, "LIBX");

	(void)state;
	assert_true(r.ok);
	assert_string_equal(r.on, "LIBX FOO");
	r = solve("arm", ARM_V7, "NOT_A_SYMBOL");
	assert_false(r.ok);
	assert_string_equal(r.why, "needs NOT_A_SYMBOL, which is not in the Kconfig of arm");
}

/* "depends on FOO=y" with FOO=m: FOO must become y, not just stay on. */
static void test_equals_y(void **state)
{
	struct kconfig_db *db = NULL;
	struct kconfig_plan plan = KCONFIG_PLAN_INIT;

	(void)state;
	assert_int_equal(kconfig_db_load(&db, dir, "arm"), 0);
	assert_true(kconfig_solve(&plan, db, ARM_V7 "CONFIG_FOO=m\n", "BUILTIN_ONLY"));
	assert_int_equal(plan.y.nr, 1);
	assert_string_equal(plan.y.v[0], "FOO");
	kconfig_plan_release(&plan);
	kconfig_db_free(db);
}

/*
 * What makes the kernel 64-bit (64BIT's default, what selects 64BIT) is
 * not the solver's to flip: another arch of the table builds that.
 */
static void test_word_size_is_the_arch(void **state)
{
	struct result r = solve("ppc", "CONFIG_MMU=y\n", "BOOK3S_64");

	(void)state;
	assert_false(r.ok);
	assert_string_equal(r.why, "needs PPC64, which the ppc config sets the other way");
	assert_true(r.settled);
	r = solve("ppc", "CONFIG_MMU=y\n", "RV_ONLY");
	assert_false(r.ok);
	assert_string_equal(r.why, "needs RV64, which the ppc config sets the other way");
	r = solve("ppc", "CONFIG_MMU=y\nCONFIG_PPC64=y\nCONFIG_64BIT=y\n", "BOOK3S_64");
	assert_true(r.ok);
	assert_string_equal(r.on, "BOOK3S_64");
}

/* An invisible symbol that something implies: the implier, and its own dependencies. */
static void test_imply(void **state)
{
	struct result r = solve("arm", ARM_V7, "HIDDEN_LIB");

	(void)state;
	assert_true(r.ok);
	assert_string_equal(r.on, "HIDDEN_LIB IMPLIER BLOCK");
}

/* A prompt hidden by "visible if" or its own "if": the default decides. */
static void test_hidden_prompt(void **state)
{
	struct result r = solve("arm", ARM_V7, "TUNED");

	(void)state;
	assert_true(r.ok);
	assert_string_equal(r.on, "TUNED FOO");
	r = solve("arm", ARM_V7 "CONFIG_EXPERT_MENU=y\n", "TUNED");
	assert_true(r.ok);
	assert_string_equal(r.on, "TUNED");
	r = solve("arm", ARM_V7, "PROMPT_IF");
	assert_true(r.ok);
	assert_string_equal(r.on, "PROMPT_IF BLOCK");
	r = solve("mips", "CONFIG_MMU=y\nCONFIG_MIPS=y\n", "PROMPT_IF");
	assert_true(r.ok);
	assert_string_equal(r.on, "PROMPT_IF");
}

static void test_srcarch(void **state)
{
	(void)state;
	assert_string_equal(kconfig_srcarch("i386"), "x86");
	assert_string_equal(kconfig_srcarch("x86_64"), "x86");
	assert_string_equal(kconfig_srcarch("sparc64"), "sparc");
	assert_string_equal(kconfig_srcarch("mips"), "mips");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depends_menu_and_or),
		cmocka_unit_test(test_select_chain_and_choice),
		cmocka_unit_test(test_other_arch),
		cmocka_unit_test(test_excluded),
		cmocka_unit_test(test_settled_only_when_no_try_can_help),
		cmocka_unit_test(test_default_and_help),
		cmocka_unit_test(test_equals_y),
		cmocka_unit_test(test_word_size_is_the_arch),
		cmocka_unit_test(test_imply),
		cmocka_unit_test(test_hidden_prompt),
		cmocka_unit_test(test_srcarch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
