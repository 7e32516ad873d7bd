/*
 * Unit tests for verify's KUnit fallback (kunit.h): finding the KUnit
 * suites of a directory in a small fixture tree written here (its own
 * Makefiles, Kconfig files and test sources), and reading KTAP from
 * console logs written here in the shape Linux 6.1 prints them: nested
 * suites and parameters, skips, "not ok" with diagnostics, other kernel
 * lines between, and a log cut off in the middle of a suite.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fs.h"
#include "kunit.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

static const char ktap_log[] =
	"[    2.100000] KTAP version 1\n"
	"[    2.100100] 1..2\n"
	"[    2.100200]     KTAP version 1\n"
	"[    2.100300]     # Subtest: ext4_inode_test\n"
	"[    2.100400]     1..1\n"
	"[    2.100500]         KTAP version 1\n"
	"[    2.100600]         # Subtest: inode_test_xtimestamp_decoding\n"
	"[    2.100700]         ok 1 1901-12-13 Lower bound of 32bit < 0 timestamp, no extra bits\n"
	"[    2.100750]         # inode_test_xtimestamp_decoding: EXPECTATION FAILED at "
	"fs/ext4/inode-test.c:255\n"
	"[    2.100800]         not ok 2 1969-12-31 Upper bound of 32bit < 0 timestamp\n"
	"[    2.100900]     # inode_test_xtimestamp_decoding: pass:1 fail:1 skip:0 total:2\n"
	"[    2.101000]     not ok 1 inode_test_xtimestamp_decoding\n"
	"[    2.101100] # Totals: pass:1 fail:1 skip:0 total:2\n"
	"[    2.101200] not ok 1 ext4_inode_test\n"
	"[    2.101300]     KTAP version 1\n"
	"[    2.101400]     # Subtest: sysctl_test\n"
	"[    2.101500]     1..3\n"
	"[    2.101600]     ok 1 sysctl_test_api_dointvec_null_tbl_data\n"
	"[    2.101650] random: crng init done\n"
	"[    2.101700]     # sysctl_test_api_dointvec_table_maxlen_unset: EXPECTATION FAILED at "
	"kernel/sysctl-test.c:51\n"
	"[    2.101750]     Expected 0 == proc_dointvec(&table, 1, buffer, &len, &pos), but\n"
	"[    2.101800]     not ok 2 sysctl_test_api_dointvec_table_maxlen_unset\n"
	"[    2.101900]     ok 3 sysctl_test_api_dointvec_table_len_is_zero # SKIP no table\n"
	"[    2.102000] # sysctl_test: pass:1 fail:1 skip:1 total:3\n"
	"[    2.102100] not ok 2 sysctl_test\n"
	"[    2.300000] Run /init as init process\n"
	"KMAP-VERIFY init\n"
	"ok 1 this line is init's, not KTAP: no document is open\n";

static const struct ktap_result *find(const struct ktap_results *res, const char *name)
{
	for (size_t i = 0; i < res->nr; i++)
		if (!strcmp(res->v[i].name, name))
			return &res->v[i];
	return NULL;
}

static void read_log(struct ktap_results *res, const char *log)
{
	struct ktap_reader r = KTAP_READER_INIT;
	char *copy = strdup(log);

	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n"))
		ktap_read_line(&r, res, l);
	ktap_read_end(&r, res);
	free(copy);
}

static void test_ktap_nested(void **state)
{
	struct ktap_results res = KTAP_RESULTS_INIT;
	const struct ktap_result *t;
	size_t suites, cases, n[4];

	(void)state;
	read_log(&res, ktap_log);
	assert_non_null(t = find(&res, "ext4_inode_test"));
	assert_int_equal(t->status, KTAP_FAIL);
	assert_int_equal(t->level, 0);
	assert_non_null(t = find(&res, "ext4_inode_test.inode_test_xtimestamp_decoding"));
	assert_int_equal(t->level, 1);
	assert_non_null(t = find(&res, "ext4_inode_test.inode_test_xtimestamp_decoding."
				 "1901-12-13 Lower bound of 32bit < 0 timestamp, no extra bits"));
	assert_int_equal(t->status, KTAP_PASS);
	assert_null(t->diag);
	assert_non_null(t = find(&res, "ext4_inode_test.inode_test_xtimestamp_decoding."
				 "1969-12-31 Upper bound of 32bit < 0 timestamp"));
	assert_int_equal(t->status, KTAP_FAIL);
	assert_int_equal(t->level, 2);
	assert_non_null(strstr(t->diag, "EXPECTATION FAILED at fs/ext4/inode-test.c:255"));
	assert_non_null(t = find(&res, "sysctl_test.sysctl_test_api_dointvec_table_maxlen_unset"));
	assert_int_equal(t->status, KTAP_FAIL);
	assert_non_null(strstr(t->diag, "kernel/sysctl-test.c:51"));
	assert_non_null(strstr(t->diag, "Expected 0 == proc_dointvec"));
	assert_null(strstr(t->diag, "1..3"));
	assert_int_equal(ktap_status_of(&res, "sysctl_test.sysctl_test_api_dointvec_table_len_is_zero"),
			 KTAP_SKIP);
	assert_int_equal(ktap_status_of(&res, "sysctl_test.sysctl_test_api_dointvec_null_tbl_data"),
			 KTAP_PASS);
	assert_int_equal(ktap_status_of(&res, "this line is init's, not KTAP: no document is open"),
			 -1);
	ktap_count(&res, &suites, &cases, n);
	assert_int_equal(suites, 2);
	assert_int_equal(cases, 4);
	assert_int_equal(n[KTAP_PASS], 1);
	assert_int_equal(n[KTAP_FAIL], 2);
	assert_int_equal(n[KTAP_SKIP], 1);
	assert_int_equal(n[KTAP_INCOMPLETE], 0);
	ktap_results_release(&res);
}

/* Without time stamps, and the older "ok 1 - name" form. */
static void test_ktap_plain(void **state)
{
	struct ktap_results res = KTAP_RESULTS_INIT;

	(void)state;
	read_log(&res, "TAP version 14\n1..1\n    # Subtest: list-kunit-test\n    1..2\n"
		       "    ok 1 - list_test_list_init\n    ok 2 - list_test_list_add # SKIP\n"
		       "ok 1 - list-kunit-test\n");
	assert_int_equal(res.nr, 3);
	assert_int_equal(ktap_status_of(&res, "list-kunit-test.list_test_list_init"), KTAP_PASS);
	assert_int_equal(ktap_status_of(&res, "list-kunit-test.list_test_list_add"), KTAP_SKIP);
	assert_int_equal(ktap_status_of(&res, "list-kunit-test"), KTAP_PASS);
	ktap_results_release(&res);
}

/* A log cut off in a parameterised test: it and its suite did not finish. */
static void test_ktap_truncated(void **state)
{
	struct ktap_results res = KTAP_RESULTS_INIT;
	struct boot b = BOOT_INIT;
	size_t suites, cases, n[4];

	(void)state;
	read_log(&res, "[ 1.0] KTAP version 1\n[ 1.0] 1..1\n"
		       "[ 1.1]     # Subtest: hw_breakpoint\n[ 1.1]     1..9\n"
		       "[ 1.2]     ok 1 test_one_cpu\n"
		       "[ 1.3]         # Subtest: test_many_cpus\n"
		       "[ 1.4]         ok 1 cpu0\n"
		       "[ 1.5] BUG: kernel NULL pointer dereference, address: 00000000\n");
	assert_int_equal(ktap_status_of(&res, "hw_breakpoint.test_one_cpu"), KTAP_PASS);
	assert_int_equal(ktap_status_of(&res, "hw_breakpoint.test_many_cpus"), KTAP_INCOMPLETE);
	assert_int_equal(ktap_status_of(&res, "hw_breakpoint"), KTAP_INCOMPLETE);
	assert_non_null(strstr(find(&res, "hw_breakpoint.test_many_cpus")->diag,
			       "BUG: kernel NULL pointer"));
	ktap_count(&res, &suites, &cases, n);
	assert_int_equal(suites, 1);
	assert_int_equal(cases, 2);
	assert_int_equal(n[KTAP_INCOMPLETE], 1);
	ktap_results_release(&res);

	/* The console reader does the same, and the splat is still a splat. */
	verify_parse_console(&b, "KTAP version 1\n    # Subtest: s\n    ok 1 a\n"
				 "BUG: unable to handle page fault\n");
	assert_int_equal(ktap_status_of(&b.kunit, "s"), KTAP_INCOMPLETE);
	assert_int_equal(ktap_status_of(&b.kunit, "s.a"), KTAP_PASS);
	assert_int_equal(b.nr_splats, 1);
	boot_release(&b);
}

/* Nonsense never fails the reader. */
static void test_ktap_garbage(void **state)
{
	struct ktap_results res = KTAP_RESULTS_INIT;

	(void)state;
	read_log(&res, "KTAP version 1\nnot ok\nok x\nok 1\n                                "
		       "                    # Subtest: deep\n[ 1.0\n[] \n# Subtest: \nok 1 \n");
	assert_int_equal(ktap_status_of(&res, "deep"), -1);
	ktap_results_release(&res);
}

/* --- suite discovery on a fixture tree --- */

static const struct { const char *path, *text; } fixture[] = {
	{ "Makefile", "obj-y += fs/ drivers/\n" },
	{ "Kconfig", "source \"fs/foo/Kconfig\"\n" },
	{ "fs/foo/Makefile",
	  "obj-$(CONFIG_FOO_FS) += foo.o\n"
	  "foo-y := dir.o inode.o\n"
	  "obj-$(CONFIG_FOO_KUNIT_TEST) += foo-test.o\n"
	  "foo-test-objs := dir_test.o \\\n\tinode_test.o\n"
	  "obj-$(CONFIG_FOO_SELF_TEST) += selftest.o\n"
	  "obj-$(CONFIG_FOO_DEBUG) += debug.o\n"
	  "obj-$(CONFIG_FOO_FS) += tests/\n" },
	{ "fs/foo/Kconfig",
	  "config FOO_FS\n\ttristate \"foo\"\n\n"
	  "config FOO_KUNIT_TEST\n\ttristate \"KUnit tests for foo\" if !KUNIT_ALL_TESTS\n"
	  "\tdepends on FOO_FS && KUNIT\n\tdefault KUNIT_ALL_TESTS\n\n"
	  "config FOO_SELF_TEST\n\tbool \"foo self test\"\n\tdepends on FOO_FS\n\thelp\n"
	  "\t  Unlike the others it does not depends on KUNIT.\n\n"
	  "config FOO_DEBUG\n\tbool \"foo debugging\"\n\tdepends on KUNIT\n" },
	{ "fs/foo/dir_test.c",
	  "static struct file_system_type foo_type = { .name = \"foo\" };\n"
	  "static struct kunit_suite foo_dir_suite = {\n\t.name = \"foo_dir\",\n"
	  "\t.test_cases = foo_dir_cases,\n};\nkunit_test_suite(foo_dir_suite);\n" },
	{ "fs/foo/inode_test.c",
	  "static struct kunit_suite foo_inode_suite = {\n\t.name\t\t= \"foo_inode\",\n};\n" },
	{ "fs/foo/tests/Makefile", "obj-$(CONFIG_FOO_EXTRA_KUNIT_TEST) += extra_test.o\n" },
	{ "fs/foo/tests/extra_test.c", "struct kunit_suite extra = { .name = \"foo_extra\" };\n" },
	{ "lib/Kconfig.debug",
	  "menu \"Kernel hacking\"\nconfig FOO_EXTRA_KUNIT_TEST\n\tbool \"more foo tests\"\n"
	  "\tdepends on KUNIT=y\nendmenu\n" },
	{ "drivers/bar/Makefile", "obj-$(CONFIG_BAR) += bar.o\n" },
};

static git_repository *fixture_repo(git_tree **tree, char *dir)
{
	git_repository *git = NULL;
	git_index *idx = NULL;
	git_oid id;

	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(fixture) / sizeof(fixture[0]); i++) {
		struct buf path = BUF_INIT;

		buf_printf(&path, "%s/%s", dir, fixture[i].path);
		assert_int_equal(write_file_p(path.ptr, fixture[i].text, strlen(fixture[i].text)), 0);
		buf_release(&path);
	}
	assert_int_equal(git_repository_init(&git, dir, 0), 0);
	assert_int_equal(git_repository_index(&idx, git), 0);
	assert_int_equal(git_index_add_all(idx, NULL, 0, NULL, NULL), 0);
	assert_int_equal(git_index_write_tree(&id, idx), 0);
	assert_int_equal(git_tree_lookup(tree, git, &id), 0);
	git_index_free(idx);
	return git;
}

static void test_kunit_suites_of_a_directory(void **state)
{
	char dir[] = "/tmp/kmap-local-test-kunit.XXXXXX";
	struct strvec patterns = STRVEC_INIT, symbols = STRVEC_INIT, suites = STRVEC_INIT;
	git_tree *tree = NULL;
	git_repository *git;
	struct kunit_tree t;

	(void)state;
	git_libgit2_init();
	git = fixture_repo(&tree, dir);
	t = (struct kunit_tree)KUNIT_TREE_INIT(git, tree);
	strvec_pushv(&patterns, (const char *const[]){ "*_KUNIT_TEST", "*_TEST", NULL });
	assert_int_equal(kunit_find_suites(&symbols, &suites, &t, "fs/foo", &patterns), 0);
	/* Not FOO_SELF_TEST (no KUNIT dependency, only in its help), not FOO_DEBUG (the name). */
	assert_int_equal(symbols.nr, 2);
	assert_string_equal(symbols.v[0], "FOO_KUNIT_TEST");
	assert_string_equal(symbols.v[1], "FOO_EXTRA_KUNIT_TEST");
	/* A composite object's parts; only struct kunit_suite names; the tests/ subdirectory. */
	assert_int_equal(suites.nr, 3);
	assert_string_equal(suites.v[0], "foo_dir");
	assert_string_equal(suites.v[1], "foo_inode");
	assert_string_equal(suites.v[2], "foo_extra");
	strvec_clear(&symbols);
	strvec_clear(&suites);
	assert_int_equal(kunit_find_suites(&symbols, &suites, &t, "drivers/bar", &patterns), 0);
	assert_int_equal(kunit_find_suites(&symbols, &suites, &t, "no/such/dir", &patterns), 0);
	assert_int_equal(symbols.nr + suites.nr, 0);
	kunit_tree_release(&t);
	strvec_clear(&patterns);
	git_tree_free(tree);
	git_repository_free(git);
	remove_tree(dir);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ktap_nested),
		cmocka_unit_test(test_ktap_plain),
		cmocka_unit_test(test_ktap_truncated),
		cmocka_unit_test(test_ktap_garbage),
		cmocka_unit_test(test_kunit_suites_of_a_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
