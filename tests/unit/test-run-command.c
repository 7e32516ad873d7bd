/* Unit tests for child_run() (src/run_command.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "run_command.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void push_args(struct child *c, const char *const *args)
{
	strvec_pushv(&c->args, args);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_captures_out_and_err(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("sh", "-c", "echo out; echo err >&2"));
	assert_int_equal(child_run(&c), 0);
	assert_string_equal(c.out.ptr, "out\n");
	assert_string_equal(c.err.ptr, "err\n");
	assert_int_equal(c.exit_status, 0);
	assert_false(c.signaled);
	assert_false(c.timed_out);
	assert_true(child_succeeded(&c));
	child_release(&c);
}

static void test_merge_err(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	c.merge_err = true;
	push_args(&c, ARGS("sh", "-c", "echo one; echo two >&2; echo three"));
	assert_int_equal(child_run(&c), 0);
	assert_string_equal(c.out.ptr, "one\ntwo\nthree\n");
	assert_string_equal(c.err.ptr, "");
	assert_true(child_succeeded(&c));
	child_release(&c);
}

static void test_no_shell(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("printf", "%s|", "a b", "$HOME", "*", "x;y"));
	assert_int_equal(child_run(&c), 0);
	assert_string_equal(c.out.ptr, "a b|$HOME|*|x;y|");
	assert_int_equal(c.err.len, 0);
	child_release(&c);
}

static void test_exit_status(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("sh", "-c", "echo partial; exit 3"));
	assert_int_equal(child_run(&c), 0);
	assert_int_equal(c.exit_status, 3);
	assert_false(c.signaled);
	assert_false(child_succeeded(&c));
	assert_string_equal(c.out.ptr, "partial\n");
	child_release(&c);
}

static void test_killed_by_signal(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("sh", "-c", "kill -TERM $$"));
	assert_int_equal(child_run(&c), 0);
	assert_true(c.signaled);
	assert_int_equal(c.exit_status, 128 + 15);
	assert_false(c.timed_out);
	assert_false(child_succeeded(&c));
	child_release(&c);
}

static void test_missing_program(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("kmap-local-no-such-program", "arg"));
	assert_true(child_run(&c) < 0);
	assert_int_equal(c.out.len, 0);
	child_release(&c);
}

static void test_stdin_is_dev_null(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("cat"));
	c.timeout_ms = 10000;
	assert_int_equal(child_run(&c), 0);
	assert_false(c.timed_out);
	assert_int_equal(c.out.len, 0);
	assert_true(child_succeeded(&c));
	child_release(&c);
}

/* More than a pipe buffer: the child must not block once the cap is hit. */
static void test_output_cap(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("seq", "1", "100000"));
	c.out.cap = 100;
	c.timeout_ms = 20000;
	assert_int_equal(child_run(&c), 0);
	assert_false(c.timed_out);
	assert_true(child_succeeded(&c));
	assert_true(c.out.truncated);
	assert_int_equal(c.out.len, 100);
	assert_int_equal(c.out.ptr[100], '\0');
	assert_memory_equal(c.out.ptr, "1\n2\n3\n", 6);
	assert_false(c.err.truncated);
	child_release(&c);
}

static void test_output_under_cap(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("seq", "1", "3"));
	c.out.cap = 100;
	assert_int_equal(child_run(&c), 0);
	assert_false(c.out.truncated);
	assert_string_equal(c.out.ptr, "1\n2\n3\n");
	child_release(&c);
}

static void test_big_output(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("seq", "1", "100000"));
	assert_int_equal(child_run(&c), 0);
	assert_false(c.out.truncated);
	assert_int_equal(c.out.len, 588895);	/* bytes of `seq 1 100000` */
	assert_memory_equal(c.out.ptr + c.out.len - 7, "100000\n", 8);
	child_release(&c);
}

static void test_timeout(void **state)
{
	struct child c = CHILD_INIT;
	long long start = now_ms();

	(void)state;
	push_args(&c, ARGS("sleep", "10"));
	c.timeout_ms = 200;
	assert_int_equal(child_run(&c), 0);
	assert_true(now_ms() - start < 5000);
	assert_true(now_ms() - start >= 150);
	assert_true(c.timed_out);
	assert_false(child_succeeded(&c));
	child_release(&c);
}

/* Gone, or a zombie waiting for init: either way no longer running. */
static bool process_dead(long pid)
{
	char path[64], stat[256];
	struct buf b = BUF_INIT;
	bool dead;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (buf_read_file(&b, path) < 0)
		return true;
	snprintf(stat, sizeof(stat), "%s", b.ptr);
	buf_release(&b);
	dead = strstr(stat, ") Z ") || strstr(stat, ") X ");
	return dead;
}

/* The whole process group dies, not just the shell. */
static void test_timeout_kills_group(void **state)
{
	struct child c = CHILD_INIT;
	long long start = now_ms();
	long pid;

	(void)state;
	push_args(&c, ARGS("sh", "-c", "sleep 10 & echo $!; wait; echo late"));
	c.timeout_ms = 300;
	assert_int_equal(child_run(&c), 0);
	assert_true(now_ms() - start < 5000);
	assert_true(c.timed_out);
	pid = strtol(c.out.ptr, NULL, 10);
	assert_true(pid > 1);
	assert_null(strstr(c.out.ptr, "late"));
	while (!process_dead(pid) && now_ms() - start < 5000)
		usleep(10000);
	assert_true(process_dead(pid));
	child_release(&c);
}

static void test_dir(void **state)
{
	struct child c = CHILD_INIT;
	char tmpl[] = "/tmp/kmap-test-run.XXXXXX", real[PATH_MAX + 1];

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, real));
	strcat(real, "\n");
	push_args(&c, ARGS("pwd"));
	c.dir = tmpl;
	assert_int_equal(child_run(&c), 0);
	rmdir(tmpl);
	assert_true(child_succeeded(&c));
	assert_string_equal(c.out.ptr, real);
	child_release(&c);
}

static void test_reuse_after_release(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	push_args(&c, ARGS("sh", "-c", "echo one"));
	assert_int_equal(child_run(&c), 0);
	child_release(&c);
	assert_int_equal(c.args.nr, 0);
	assert_int_equal(c.out.len, 0);
	push_args(&c, ARGS("sh", "-c", "echo two"));
	assert_int_equal(child_run(&c), 0);
	assert_string_equal(c.out.ptr, "two\n");
	child_release(&c);
}

static void test_env_on_top(void **state)
{
	struct child c = CHILD_INIT;

	(void)state;
	setenv("KMAP_TEST_KEEP", "kept", 1);
	setenv("KMAP_TEST_OVER", "old", 1);
	push_args(&c, ARGS("sh", "-c", "echo \"$KMAP_TEST_KEEP $KMAP_TEST_OVER $KMAP_TEST_NEW\""));
	strvec_push(&c.env, "KMAP_TEST_OVER=new value");
	strvec_push(&c.env, "KMAP_TEST_NEW=added");
	assert_int_equal(child_run(&c), 0);
	assert_string_equal(c.out.ptr, "kept new value added\n");
	assert_string_equal(getenv("KMAP_TEST_OVER"), "old");
	child_release(&c);
	assert_int_equal(c.env.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures_out_and_err),
		cmocka_unit_test(test_merge_err),
		cmocka_unit_test(test_no_shell),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_killed_by_signal),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_stdin_is_dev_null),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_output_under_cap),
		cmocka_unit_test(test_big_output),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_reuse_after_release),
		cmocka_unit_test(test_env_on_top),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
