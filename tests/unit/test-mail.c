/*
 * Unit tests for the mail headers of src/mail.h: subjects, signatures,
 * display names and recipients as git format-patch writes them (the
 * expected strings are what git 2.39 prints for the same input, except
 * that an empty prefix with a version is "[v2]" where git writes "[ v2]").
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mail.h"

#include <string.h>

static void subject(const char *prefix, int version, size_t m, size_t n, const char *want)
{
	struct mail_style style = { (char *)prefix, NULL };
	struct buf b = BUF_INIT;

	mail_subject(&b, &style, version, m, n, "x: y");
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_subject_numbers(void **state)
{
	(void)state;
	subject("PATCH", 1, 1, 2, "[PATCH 1/2] x: y");
	subject("PATCH", 1, 0, 2, "[PATCH 0/2] x: y");
	subject("PATCH", 3, 2, 2, "[PATCH v3 2/2] x: y");
	/* git pads the number to the width of the total */
	subject("PATCH", 1, 3, 12, "[PATCH 03/12] x: y");
	subject("PATCH", 2, 7, 101, "[PATCH v2 007/101] x: y");
	/* a lone patch has no number */
	subject("PATCH", 1, 1, 0, "[PATCH] x: y");
	subject("PATCH", 2, 1, 0, "[PATCH v2] x: y");
}

static void test_subject_prefixes(void **state)
{
	(void)state;
	subject("RFC PATCH", 1, 1, 2, "[RFC PATCH 1/2] x: y");
	subject("PATCH net-next", 2, 1, 2, "[PATCH net-next v2 1/2] x: y");
	subject("", 1, 1, 2, "[1/2] x: y");
	subject("", 1, 1, 0, "x: y");
	subject("", 2, 1, 0, "[v2] x: y");
}

static void signature(const char *sig, const char *want)
{
	struct mail_style style = { NULL, (char *)sig };
	struct buf b = BUF_INIT;

	mail_signature(&b, &style);
	assert_string_equal(b.ptr, want);
	buf_release(&b);
}

static void test_signature(void **state)
{
	(void)state;
	signature("2.39.5", "-- \n2.39.5\n\n");
	signature("two\nlines\n", "-- \ntwo\nlines\n\n");
	signature("", "");
	signature(NULL, "");
}

static void from_line(const char *name, const char *want)
{
	struct identity id = { (char *)name, (char *)"a@example.org", 1700000000, 0 };
	struct strvec none = STRVEC_INIT;
	struct buf b = BUF_INIT;
	const char *p, *end;

	mail_header(&b, &(struct mail){ "0", "<m>", NULL, "[PATCH] x", &none, &none, &none,
					&none, &id, false });
	p = strstr(b.ptr, "\nFrom: ");
	assert_non_null(p);
	end = strchr(p + 1, '\n');
	assert_int_equal((size_t)(end - p - 1), strlen(want));
	assert_memory_equal(p + 1, want, strlen(want));
	buf_release(&b);
}

static void test_display_names(void **state)
{
	(void)state;
	from_line("A U Thor", "From: A U Thor <a@example.org>");
	from_line("A. U. Thor", "From: \"A. U. Thor\" <a@example.org>");
	from_line("Thor, A U", "From: \"Thor, A U\" <a@example.org>");
	from_line("Jean \"Q\" \\ Z", "From: \"Jean \\\"Q\\\" \\\\ Z\" <a@example.org>");
	from_line("Jean-\xc3\x89mile Zo\xc3\xab (x)",
		  "From: =?UTF-8?q?Jean-=C3=89mile=20Zo=C3=AB=20=28x=29?= <a@example.org>");
}

static void test_each_address_once(void **state)
{
	struct identity id = { (char *)"A", (char *)"a@example.org", 1700000000, 0 };
	struct strvec to = STRVEC_INIT, cc = STRVEC_INIT, xto = STRVEC_INIT, xcc = STRVEC_INIT;
	struct buf b = BUF_INIT;

	(void)state;
	strvec_push(&to, "Ada Maintainer <ada@example.org>");
	strvec_push(&to, "\"Rev, Iewer\" <rev@example.org>");
	/* a maintainer who is also the list, and --to/--cc naming them again */
	strvec_push(&cc, "ada@example.org");
	strvec_push(&cc, "list@example.org");
	strvec_push(&xto, "REV@example.org");
	strvec_push(&xcc, "List <list@example.org>");
	strvec_push(&xcc, "other@example.org");
	mail_header(&b, &(struct mail){ "0", "<m>", NULL, "[PATCH] x", &to, &cc, &xto, &xcc,
					&id, false });
	assert_non_null(strstr(b.ptr, "To: Ada Maintainer <ada@example.org>,\n"
				      "    \"Rev, Iewer\" <rev@example.org>\n"
				      "Cc: list@example.org,\n    other@example.org\n\n"));
	buf_release(&b);
	strvec_clear(&to);
	strvec_clear(&cc);
	strvec_clear(&xto);
	strvec_clear(&xcc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_numbers),
		cmocka_unit_test(test_subject_prefixes),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_display_names),
		cmocka_unit_test(test_each_address_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
