/* Unit tests for struct buf (src/buf.h) and struct strvec (src/strvec.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "buf.h"
#include "strvec.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The invariants every buffer keeps: ptr valid and NUL right after len. */
static void assert_buf(const struct buf *b, const char *want)
{
	assert_non_null(b->ptr);
	assert_int_equal(b->len, strlen(want));
	assert_memory_equal(b->ptr, want, b->len + 1);
}

static void test_init_is_empty_string(void **state)
{
	struct buf a = BUF_INIT, b;

	(void)state;
	assert_buf(&a, "");
	assert_int_equal(a.alloc, 0);
	buf_init(&b, 100);
	assert_buf(&b, "");
	assert_true(b.alloc > 100);
	buf_release(&b);
	assert_buf(&b, "");
	buf_release(&a);
	assert_buf(&a, "");
}

static void test_add_appends(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, "hello", 5);
	buf_add(&b, " world!!", 6);
	assert_buf(&b, "hello world");
	buf_putc(&b, '.');
	buf_puts(&b, "end");
	assert_buf(&b, "hello world.end");
	assert_false(b.truncated);
	buf_release(&b);
}

static void test_add_binary(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.ptr, "a\0b", 4);
	buf_release(&b);
}

static void test_add_grows(void **state)
{
	struct buf b = BUF_INIT;
	char chunk[100];

	(void)state;
	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 50; i++)
		buf_add(&b, chunk, sizeof(chunk));
	assert_int_equal(b.len, 5000);
	assert_true(b.alloc > b.len);
	assert_int_equal(b.ptr[4999], 'x');
	assert_int_equal(b.ptr[5000], '\0');
	buf_release(&b);
}

static void test_add_cap(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	b.cap = 5;
	buf_add(&b, "abc", 3);
	assert_false(b.truncated);
	buf_add(&b, "defg", 4);
	assert_true(b.truncated);
	assert_buf(&b, "abcde");
	buf_add(&b, "x", 1);
	assert_buf(&b, "abcde");
	buf_reset(&b);
	assert_false(b.truncated);
	assert_buf(&b, "");
	buf_release(&b);
}

static void test_add_exactly_cap(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	b.cap = 4;
	buf_add(&b, "abcd", 4);
	assert_false(b.truncated);
	assert_buf(&b, "abcd");
	buf_release(&b);
}

/* Growing by a size that wraps around must abort, never under-allocate. */
static void grow_in_child(size_t have, size_t extra)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (!pid) {
		struct buf b = BUF_INIT;
		char *fill = calloc(have, 1);

		freopen("/dev/null", "w", stderr);
		buf_add(&b, fill, have);
		buf_grow(&b, extra);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_grow_overflow_aborts(void **state)
{
	(void)state;
	grow_in_child(10, SIZE_MAX - 5);
	grow_in_child(10, SIZE_MAX - 10);
	grow_in_child(0, SIZE_MAX);
}

static void test_printf(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "x=");
	buf_printf(&b, "%d-%s", 42, "y");
	assert_buf(&b, "x=42-y");
	buf_printf(&b, "%s", "");
	assert_buf(&b, "x=42-y");
	buf_release(&b);
}

static void test_printf_long(void **state)
{
	struct buf b = BUF_INIT;
	char want[301];

	(void)state;
	memset(want, 'z', 300);
	want[300] = '\0';
	buf_printf(&b, "%s", want);
	assert_buf(&b, want);
	buf_release(&b);
}

static void test_printf_cap(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	b.cap = 4;
	buf_printf(&b, "%s", "ab");
	assert_false(b.truncated);
	buf_printf(&b, "%s", "cdef");
	assert_true(b.truncated);
	assert_buf(&b, "abcd");
	buf_release(&b);
}

static void test_detach(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 0;
	char *p;

	(void)state;
	buf_puts(&b, "owned");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "owned");
	assert_int_equal(len, 5);
	assert_buf(&b, "");
	assert_int_equal(b.alloc, 0);
	assert_true(b.ptr != p);
	free(p);
}

static void test_detach_empty(void **state)
{
	struct buf b = BUF_INIT;
	char *p = buf_detach(&b, NULL);

	(void)state;
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);	/* must be a real allocation */
	assert_buf(&b, "");
}

static void test_rtrim(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, " a b \t\r\n\n");
	buf_rtrim(&b);
	assert_buf(&b, " a b");
	buf_rtrim(&b);
	assert_buf(&b, " a b");
	buf_reset(&b);
	buf_puts(&b, " \n\t");
	buf_rtrim(&b);
	assert_buf(&b, "");
	buf_release(&b);
}

static void test_rtrim_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_rtrim(&b);
	assert_buf(&b, "");
}

static void test_truncate(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "hello");
	buf_truncate(&b, 5);
	assert_buf(&b, "hello");
	buf_truncate(&b, 2);
	assert_buf(&b, "he");
	buf_puts(&b, "y");
	assert_buf(&b, "hey");
	buf_truncate(&b, 0);
	assert_buf(&b, "");
	buf_release(&b);
}

static void test_starts_with(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "diff --git");
	assert_true(buf_starts_with(&b, "diff"));
	assert_true(buf_starts_with(&b, ""));
	assert_true(buf_starts_with(&b, "diff --git"));
	assert_false(buf_starts_with(&b, "diff --git a"));
	assert_false(buf_starts_with(&b, "index"));
	buf_release(&b);
}

/* Temporary directory for the file tests, removed by the teardown. */
static int tmpdir_setup(void **state)
{
	char *dir = strdup("/tmp/kmap-test-buf.XXXXXX");

	if (!dir || !mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int tmpdir_teardown(void **state)
{
	char *dir = *state;
	struct dirent *e;
	DIR *d = opendir(dir);
	char path[4096];

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
	return 0;
}

static size_t count_entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void join(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void test_write_then_read(void **state)
{
	struct buf w = BUF_INIT, r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "f");
	buf_add(&w, "line\n\0bin", 9);
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	assert_int_equal(buf_read_file(&r, path), 0);
	assert_int_equal(r.len, 9);
	assert_memory_equal(r.ptr, "line\n\0bin", 10);
	assert_int_equal(count_entries(*state), 1);	/* no temp file left */
	buf_release(&w);
	buf_release(&r);
}

static void test_write_replaces(void **state)
{
	struct buf w = BUF_INIT, r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "g");
	buf_puts(&w, "a much longer first version\n");
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	buf_reset(&w);
	buf_puts(&w, "short\n");
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	assert_int_equal(buf_read_file(&r, path), 0);
	assert_buf(&r, "short\n");
	buf_release(&w);
	buf_release(&r);
}

static void test_write_empty(void **state)
{
	struct buf w = BUF_INIT, r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "empty");
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	buf_puts(&r, "keep");
	assert_int_equal(buf_read_file(&r, path), 0);
	assert_buf(&r, "keep");
	buf_release(&r);
}

static void test_read_appends(void **state)
{
	struct buf w = BUF_INIT, r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "h");
	buf_puts(&w, "tail");
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	buf_puts(&r, "head-");
	assert_int_equal(buf_read_file(&r, path), 0);
	assert_buf(&r, "head-tail");
	buf_release(&w);
	buf_release(&r);
}

static void test_read_big(void **state)
{
	struct buf w = BUF_INIT, r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "big");
	for (int i = 0; i < 20000; i++)
		buf_printf(&w, "%08d\n", i);	/* 180000 bytes: several reads */
	assert_int_equal(buf_write_file_atomic(&w, path), 0);
	assert_int_equal(buf_read_file(&r, path), 0);
	assert_int_equal(r.len, w.len);
	assert_memory_equal(r.ptr, w.ptr, w.len + 1);
	buf_release(&w);
	buf_release(&r);
}

static void test_read_missing(void **state)
{
	struct buf r = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "missing");
	assert_true(buf_read_file(&r, path) < 0);
	assert_buf(&r, "");
	buf_release(&r);
}

static void test_write_bad_dir(void **state)
{
	struct buf w = BUF_INIT;
	char path[4096];

	join(path, sizeof(path), *state, "no/such/dir");
	buf_puts(&w, "x");
	assert_true(buf_write_file_atomic(&w, path) < 0);
	assert_int_equal(count_entries(*state), 0);
	buf_release(&w);
}

static void test_strvec_push(void **state)
{
	struct strvec sv = STRVEC_INIT;
	char src[] = "one";

	(void)state;
	assert_int_equal(sv.nr, 0);
	assert_null(sv.v[0]);
	strvec_push(&sv, src);
	src[0] = 'X';	/* the vector owns a copy */
	strvec_push(&sv, "two");
	assert_int_equal(sv.nr, 2);
	assert_string_equal(sv.v[0], "one");
	assert_string_equal(sv.v[1], "two");
	assert_null(sv.v[2]);
	strvec_clear(&sv);
}

static void test_strvec_many(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	for (int i = 0; i < 100; i++) {
		strvec_pushf(&sv, "arg%d", i);
		assert_null(sv.v[sv.nr]);
	}
	assert_int_equal(sv.nr, 100);
	assert_string_equal(sv.v[0], "arg0");
	assert_string_equal(sv.v[99], "arg99");
	strvec_clear(&sv);
}

static void test_strvec_pushf(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	strvec_pushf(&sv, "--timeout=%d", 30);
	strvec_pushf(&sv, "%s/%s", "a", "b");
	assert_string_equal(sv.v[0], "--timeout=30");
	assert_string_equal(sv.v[1], "a/b");
	assert_null(sv.v[2]);
	strvec_clear(&sv);
}

static void test_strvec_sort_find(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	strvec_push(&sv, "mm");
	strvec_push(&sv, "fs");
	strvec_push(&sv, "drivers");
	strvec_push(&sv, "fs/ext4");
	strvec_sort(&sv);
	assert_string_equal(sv.v[0], "drivers");
	assert_string_equal(sv.v[1], "fs");
	assert_string_equal(sv.v[2], "fs/ext4");
	assert_string_equal(sv.v[3], "mm");
	assert_null(sv.v[4]);
	assert_int_equal(strvec_find(&sv, "fs"), 1);
	assert_int_equal(strvec_find(&sv, "mm"), 3);
	assert_int_equal(strvec_find(&sv, "f"), -1);
	assert_int_equal(strvec_find(&sv, "kernel"), -1);
	assert_true(strvec_has_sorted(&sv, "drivers"));
	assert_true(strvec_has_sorted(&sv, "fs/ext4"));
	assert_true(strvec_has_sorted(&sv, "mm"));
	assert_false(strvec_has_sorted(&sv, "f"));
	assert_false(strvec_has_sorted(&sv, "zz"));
	strvec_clear(&sv);
	assert_false(strvec_has_sorted(&sv, "mm"));
}

static void test_strvec_clear(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	assert_int_equal(strvec_find(&sv, "x"), -1);
	strvec_sort(&sv);
	strvec_clear(&sv);	/* clearing an empty vector is fine */
	strvec_push(&sv, "x");
	strvec_clear(&sv);
	assert_int_equal(sv.nr, 0);
	assert_non_null(sv.v);
	assert_null(sv.v[0]);
	strvec_push(&sv, "reuse");
	assert_string_equal(sv.v[0], "reuse");
	strvec_clear(&sv);
}

static void test_strvec_pushv(void **state)
{
	static const char *const args[] = { "git", "apply", "--check", NULL };
	struct strvec sv = STRVEC_INIT;

	(void)state;
	strvec_push(&sv, "first");
	strvec_pushv(&sv, args);
	assert_int_equal(sv.nr, 4);
	assert_string_equal(sv.v[1], "git");
	assert_string_equal(sv.v[3], "--check");
	assert_null(sv.v[4]);
	strvec_clear(&sv);
}

static void assert_quoted(const char *path, const char *want)
{
	struct buf b = BUF_INIT;

	buf_quote_path(&b, path);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

/* The same quoting as `git ls-files` (core.quotePath true, then false). */
static void test_quote_path(void **state)
{
	(void)state;
	assert_quoted("fs/ext2/dir.c", "fs/ext2/dir.c");
	assert_quoted("with space.c", "with space.c");
	assert_quoted("-lead.c", "-lead.c");
	assert_quoted("it's$(x).c", "it's$(x).c");
	assert_quoted("tab\t.c", "\"tab\\t.c\"");
	assert_quoted("new\nline.c", "\"new\\nline.c\"");
	assert_quoted("q\"uote.c", "\"q\\\"uote.c\"");
	assert_quoted("back\\slash.c", "\"back\\\\slash.c\"");
	assert_quoted("bell\a\x01\x7f.c", "\"bell\\a\\001\\177.c\"");
	assert_quoted("caf\xc3\xa9.c", "\"caf\\303\\251.c\"");
	quote_path_fully = false;
	assert_quoted("caf\xc3\xa9.c", "caf\xc3\xa9.c");
	assert_quoted("caf\xc3\xa9\t.c", "\"caf\xc3\xa9\\t.c\"");
	quote_path_fully = true;
}

static void assert_json(const char *s, const char *want)
{
	struct buf b = BUF_INIT;

	buf_json_string(&b, s);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_json_string(void **state)
{
	(void)state;
	assert_json("a\"b\\c\n\t\x01\x7f", "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"");
	assert_json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* Latin-1, a cut sequence, an overlong form, a surrogate, past U+10FFFF */
	assert_json("caf\xe9", "\"caf\\udce9\"");
	assert_json("x\xe2\x82", "\"x\\udce2\\udc82\"");
	assert_json("\xc0\xaf", "\"\\udcc0\\udcaf\"");
	assert_json("\xed\xa0\x80", "\"\\udced\\udca0\\udc80\"");
	assert_json("\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\"");
}

#define FILE_TEST(fn) cmocka_unit_test_setup_teardown(fn, tmpdir_setup, tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_is_empty_string),
		cmocka_unit_test(test_add_appends),
		cmocka_unit_test(test_add_binary),
		cmocka_unit_test(test_add_grows),
		cmocka_unit_test(test_add_cap),
		cmocka_unit_test(test_add_exactly_cap),
		cmocka_unit_test(test_grow_overflow_aborts),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_long),
		cmocka_unit_test(test_printf_cap),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_empty),
		cmocka_unit_test(test_rtrim),
		cmocka_unit_test(test_rtrim_empty),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_starts_with),
		cmocka_unit_test(test_quote_path),
		cmocka_unit_test(test_json_string),
		FILE_TEST(test_write_then_read),
		FILE_TEST(test_write_replaces),
		FILE_TEST(test_write_empty),
		FILE_TEST(test_read_appends),
		FILE_TEST(test_read_big),
		FILE_TEST(test_read_missing),
		FILE_TEST(test_write_bad_dir),
		cmocka_unit_test(test_strvec_push),
		cmocka_unit_test(test_strvec_many),
		cmocka_unit_test(test_strvec_pushf),
		cmocka_unit_test(test_strvec_sort_find),
		cmocka_unit_test(test_strvec_clear),
		cmocka_unit_test(test_strvec_pushv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
