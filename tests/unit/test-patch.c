/* Unit tests for the dry-run diff: patch_format() and patch_stat() (src/patch.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fs.h"
#include "patch.h"
#include "results.h"
#include "run_command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORIG "#include <a.h>\n\nint f(void)\n{\n\tint x = 1;\n\tint y = 2;\n" \
	"\tint z = 3;\n\n\tx += y;\n\treturn x + z;\n}\n"
#define CONV "#include <a.h>\n\nint f(void)\n{\n\tint x = 1;\n\tint y = 2;\n" \
	"\tint z = 3;\n\n\tx -= y;\n\treturn x + z;\n}\n"

#define GREEN "\033[32m"
#define RED "\033[31m"
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define RESET "\033[m"

struct fixture {
	char dir[64];
	git_repository *git;
	struct results res;
	struct buf out;
};

static int repo_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	*state = fx;
	git_libgit2_init();
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/kmap-test-patch.XXXXXX");
	fx->out = (struct buf)BUF_INIT;
	if (!mkdtemp(fx->dir) || git_repository_init(&fx->git, fx->dir, 0) < 0)
		return -1;
	return 0;
}

static int repo_teardown(void **state)
{
	struct fixture *fx = *state;

	results_release(&fx->res);
	buf_release(&fx->out);
	git_repository_free(fx->git);
	if (fx->dir[0])
		remove_tree(fx->dir);
	free(fx);
	git_libgit2_shutdown();
	return 0;
}

static void add_file(struct fixture *fx, const char *path, const char *orig,
		     const char *conv)
{
	struct file_result *f;
	git_oid id;

	assert_int_equal(git_blob_create_from_buffer(&id, fx->git, orig, strlen(orig)), 0);
	f = results_add(&fx->res, path, &id);
	buf_puts(&f->converted, conv);
	f->changed = strcmp(orig, conv) != 0;
}

/* "index <old>..<new> 100644\n" as git abbreviates blob ids. */
static void index_line(char *out, size_t size, const char *orig, const char *conv)
{
	char a[8], b[8];
	git_oid id;

	assert_int_equal(git_odb_hash(&id, orig, strlen(orig), GIT_OBJECT_BLOB), 0);
	git_oid_tostr(a, sizeof(a), &id);
	assert_int_equal(git_odb_hash(&id, conv, strlen(conv), GIT_OBJECT_BLOB), 0);
	git_oid_tostr(b, sizeof(b), &id);
	snprintf(out, size, "index %s..%s 100644", a, b);
}

static void test_format_plain(void **state)
{
	struct fixture *fx = *state;
	char index[64], want[1024];

	add_file(fx, "fs/a.c", ORIG, CONV);
	index_line(index, sizeof(index), ORIG, CONV);
	snprintf(want, sizeof(want),
		 "diff --git a/fs/a.c b/fs/a.c\n%s\n--- a/fs/a.c\n+++ b/fs/a.c\n"
		 "@@ -6,6 +6,6 @@ int f(void)\n \tint y = 2;\n \tint z = 3;\n \n"
		 "-\tx += y;\n+\tx -= y;\n \treturn x + z;\n }\n", index);
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, false), 0);
	assert_string_equal(fx->out.ptr, want);
}

static void test_format_appends(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	buf_puts(&fx->out, "before\n");
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, false), 0);
	assert_true(buf_starts_with(&fx->out, "before\ndiff --git a/fs/a.c b/fs/a.c\n"));
}

static void test_format_unchanged(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, ORIG);
	assert_false(fx->res.v[0].changed);
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, false), 0);
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, true), 0);
	assert_int_equal(fx->out.len, 0);
}

static void test_format_added_lines(void **state)
{
	struct fixture *fx = *state;
	const char *hunk;

	add_file(fx, "mm/b.c", "a\nb\nc\n", "a\nb\nnew\nnewer\nc\n");
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, false), 0);
	assert_true(buf_starts_with(&fx->out, "diff --git a/mm/b.c b/mm/b.c\n"));
	assert_non_null(strstr(fx->out.ptr, "\n--- a/mm/b.c\n+++ b/mm/b.c\n@@"));
	hunk = strstr(fx->out.ptr, "@@");
	assert_non_null(hunk);
	assert_string_equal(hunk, "@@ -1,3 +1,5 @@\n a\n b\n+new\n+newer\n c\n");
}

static void test_format_color(void **state)
{
	struct fixture *fx = *state;
	char index[64], want[1024];

	add_file(fx, "fs/a.c", ORIG, CONV);
	index_line(index, sizeof(index), ORIG, CONV);
	snprintf(want, sizeof(want),
		 BOLD "diff --git a/fs/a.c b/fs/a.c" RESET "\n" BOLD "%s" RESET "\n"
		 BOLD "--- a/fs/a.c" RESET "\n" BOLD "+++ b/fs/a.c" RESET "\n"
		 CYAN "@@ -6,6 +6,6 @@" RESET " int f(void)\n \tint y = 2;\n \tint z = 3;\n \n"
		 RED "-\tx += y;" RESET "\n" GREEN "+\tx -= y;" RESET "\n"
		 " \treturn x + z;\n }\n", index);
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, true), 0);
	assert_string_equal(fx->out.ptr, want);
}

static void test_format_missing_blob(void **state)
{
	struct fixture *fx = *state;
	struct file_result *f;
	git_oid id;

	assert_int_equal(git_oid_fromstr(&id, "0123456789abcdef0123456789abcdef01234567"), 0);
	f = results_add(&fx->res, "fs/gone.c", &id);
	buf_puts(&f->converted, "x\n");
	f->changed = true;
	assert_true(patch_format(&fx->out, f, fx->git, false) < 0);
}

static void test_stat(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, false), 0);
	assert_string_equal(fx->out.ptr,
			    " fs/a.c | 2 +-\n"
			    " 1 file changed, 1 insertion(+), 1 deletion(-)\n");
}

static void test_stat_several(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	add_file(fx, "fs/u.c", ORIG, ORIG);
	add_file(fx, "mm/bb.c", "a\n", "a\nb\nc\n");
	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, false), 0);
	assert_string_equal(fx->out.ptr,
			    " fs/a.c  | 2 +-\n"
			    " mm/bb.c | 2 ++\n"
			    " 2 files changed, 3 insertions(+), 1 deletion(-)\n");
}

static void test_stat_deletions_only(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", "a\nb\nc\n", "a\n");
	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, false), 0);
	assert_string_equal(fx->out.ptr,
			    " fs/a.c | 2 --\n"
			    " 1 file changed, 2 deletions(-)\n");
}

static void test_stat_nothing_changed(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, false), 0);
	add_file(fx, "fs/u.c", ORIG, ORIG);
	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, false), 0);
	assert_int_equal(fx->out.len, 0);
}

static void test_stat_color(void **state)
{
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	assert_int_equal(patch_stat(&fx->out, &fx->res, fx->git, true), 0);
	assert_string_equal(fx->out.ptr,
			    " fs/a.c | 2 " GREEN "+" RESET RED "-" RESET "\n"
			    " 1 file changed, 1 insertion(+), 1 deletion(-)\n");
}

/* Run git (argv, no shell) in the fixture's work tree. */
static bool run_git(struct fixture *fx, const char *const *args)
{
	struct child c = CHILD_INIT;
	bool ok;

	c.dir = fx->dir;
	c.timeout_ms = 30000;
	strvec_push(&c.args, "git");
	strvec_pushv(&c.args, args);
	assert_int_equal(child_run(&c), 0);
	ok = child_succeeded(&c);
	if (!ok)
		print_error("git: %s", c.err.ptr);
	child_release(&c);
	return ok;
}

static void write_in(struct fixture *fx, const char *name, const char *data, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
	assert_int_equal(write_file_p(path, data, len), 0);
}

static void assert_file(struct fixture *fx, const char *name, const char *want)
{
	struct buf b = BUF_INIT;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", fx->dir, name);
	assert_int_equal(buf_read_file(&b, path), 0);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_patch_applies(void **state)
{
	static const char *const check[] = { "apply", "--check", "a.diff", NULL };
	static const char *const apply[] = { "apply", "a.diff", NULL };
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	assert_int_equal(patch_format(&fx->out, &fx->res.v[0], fx->git, false), 0);
	write_in(fx, "fs/a.c", ORIG, strlen(ORIG));
	write_in(fx, "a.diff", fx->out.ptr, fx->out.len);
	assert_true(run_git(fx, check));
	assert_file(fx, "fs/a.c", ORIG);
	assert_true(run_git(fx, apply));
	assert_file(fx, "fs/a.c", CONV);
}

static void test_patches_apply_together(void **state)
{
	static const char *const apply[] = { "apply", "all.diff", NULL };
	struct fixture *fx = *state;

	add_file(fx, "fs/a.c", ORIG, CONV);
	add_file(fx, "mm/b.c", "a\nb\nc\n", "a\nb\nnew\nc\n");
	for (size_t i = 0; i < fx->res.nr; i++)
		assert_int_equal(patch_format(&fx->out, &fx->res.v[i], fx->git, false), 0);
	write_in(fx, "fs/a.c", ORIG, strlen(ORIG));
	write_in(fx, "mm/b.c", "a\nb\nc\n", 6);
	write_in(fx, "all.diff", fx->out.ptr, fx->out.len);
	assert_true(run_git(fx, apply));
	assert_file(fx, "fs/a.c", CONV);
	assert_file(fx, "mm/b.c", "a\nb\nnew\nc\n");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, repo_setup, repo_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_format_plain),
		T(test_format_appends),
		T(test_format_unchanged),
		T(test_format_added_lines),
		T(test_format_color),
		T(test_format_missing_blob),
		T(test_stat),
		T(test_stat_several),
		T(test_stat_deletions_only),
		T(test_stat_nothing_changed),
		T(test_stat_color),
		T(test_patch_applies),
		T(test_patches_apply_together),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
