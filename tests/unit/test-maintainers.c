/*
 * Unit tests for the MAINTAINERS matcher (src/maintainers.h) and the
 * split/message helpers that name patches (src/split.h, src/message.h).
 * Every expectation below was checked against the kernel's own
 * scripts/get_maintainer.pl on the same text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "maintainers.h"
#include "message.h"
#include "split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char text[] =
	"Header text that is not a section entry\n"
	"\tM: *Mail* patches to: FullName <address@domain>\n"
	"\n"
	"FOO DRIVER\n"
	"M:\tFoo Bar <foo@example.org>\n"
	"L:\tfoo-list@example.org\n"
	"L:\tfoo-announce@example.org (subscribers-only)\n"
	"L:\tfoo-mod@example.org (moderated for non-subscribers)\n"
	"S:\tMaintained\n"
	"F:\tdrivers/foo/\n"
	"X:\tdrivers/foo/vendor/\n"
	"\n"
	"FOO CORE\n"
	"M:\tFoo Bar <foo@other.example.org>\n"
	"R:\t\"Rev, Iewer\" <rev@example.org>\n"
	"S:\tMaintained\n"
	"F:\tdrivers/foo/core*.c\n"
	"\n"
	"VENDOR BITS\n"
	"M:\tVen Dor <old@example.org>\n"
	"S:\tSupported\n"
	"F:\tdrivers/foo/vendor/\n"
	"N:\tvend[o0]r\n"
	"\n"
	"THE REST\n"
	"M:\tLinus Torvalds <torvalds@linux-foundation.org>\n"
	"L:\tlinux-kernel@example.org\n"
	"S:\tBuried alive in reporters\n"
	"F:\t*\n"
	"F:\t*/\n";

static const char mailmap[] =
	"# comment\n"
	"Ven Dor <ven@example.org> <old@example.org>\n";

struct fixture {
	struct maintainers m;
	struct maint_matches mm;
	struct recipients rc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->m = (struct maintainers)MAINTAINERS_INIT;
	f->rc = (struct recipients)RECIPIENTS_INIT;
	maintainers_parse(&f->m, text, sizeof(text) - 1, NULL);
	maintainers_parse_mailmap(&f->m, mailmap, sizeof(mailmap) - 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	maint_matches_release(&f->mm);
	recipients_release(&f->rc);
	maintainers_release(&f->m);
	free(f);
	return 0;
}

static void match(struct fixture *f, const char *path, const char *want)
{
	char got[512] = "";

	maintainers_match(&f->mm, &f->m, path);
	for (size_t i = 0; i < f->mm.nr; i++) {
		char one[128];

		snprintf(one, sizeof(one), "%s%s=%d", i ? ", " : "", f->mm.v[i].section->name,
			 f->mm.v[i].depth);
		strcat(got, one);
	}
	assert_string_equal(got, want);
}

static void recipients(struct fixture *f, const char *path, const char *to, const char *cc)
{
	char got_to[512] = "", got_cc[512] = "";

	recipients_release(&f->rc);
	maintainers_recipients(&f->rc, &f->m, &path, 1);
	for (size_t i = 0; i < f->rc.to.nr; i++)
		strcat(strcat(got_to, i ? ", " : ""), f->rc.to.v[i]);
	for (size_t i = 0; i < f->rc.cc.nr; i++)
		strcat(strcat(got_cc, i ? ", " : ""), f->rc.cc.v[i]);
	assert_string_equal(got_to, to);
	assert_string_equal(got_cc, cc);
}

static void test_sections_deepest_first(void **state)
{
	struct fixture *f = *state;

	match(f, "drivers/foo/core-main.c", "FOO CORE=3, FOO DRIVER=2, THE REST=-1");
	match(f, "drivers/foo/bar.c", "FOO DRIVER=2, THE REST=-1");
	match(f, "Makefile", "THE REST=-1");
}

static void test_star_stays_in_one_directory(void **state)
{
	struct fixture *f = *state;

	match(f, "drivers/foo/core/x.c", "FOO DRIVER=2, THE REST=-1");
}

static void test_exclusion_drops_the_section(void **state)
{
	struct fixture *f = *state;

	/* FOO DRIVER is gone; VENDOR BITS keeps the depth of its last match (N:). */
	match(f, "drivers/foo/vendor/a.c", "VENDOR BITS=0, THE REST=-1");
}

static void test_regex_names_match_at_depth_zero(void **state)
{
	struct fixture *f = *state;

	match(f, "sound/vend0r-thing.c", "VENDOR BITS=0, THE REST=-1");
}

static void test_roles_dedup_and_penguin(void **state)
{
	struct fixture *f = *state;

	recipients(f, "drivers/foo/core-main.c",
		   "Foo Bar <foo@other.example.org>, \"Rev, Iewer\" <rev@example.org>",
		   "foo-list@example.org, foo-mod@example.org, linux-kernel@example.org");
	recipients(f, "Makefile", "", "linux-kernel@example.org");
}

static void test_mailmap_rewrites_addresses(void **state)
{
	struct fixture *f = *state;

	recipients(f, "drivers/foo/vendor/a.c", "Ven Dor <ven@example.org>",
		   "linux-kernel@example.org");
}

static void test_malformed_lines_warn(void **state)
{
	struct maintainers m = MAINTAINERS_INIT;
	static const char bad[] = "A SECTION\nM:\tA <a@example.org>\nF  drivers/a/\n"
				  "F:\t\nF:\tdrivers/(unclosed\nL:\tA List <a@example.org>\n";

	(void)state;
	maintainers_parse(&m, bad, sizeof(bad) - 1, NULL);
	assert_int_equal(m.warnings, 4);
	assert_int_equal(m.nr, 2);
	maintainers_release(&m);
}

/* "F:\t*a*a...*a*b": n pieces, the way get_maintainer.pl's glob regex reads it. */
static char *star_pattern(int n)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "STARS\nM:\tStar <star@example.org>\nF:\t");
	for (int i = 0; i < n; i++)
		buf_puts(&b, "*a");
	buf_puts(&b, "*b\n\nOTHER\nM:\tO <o@example.org>\nF:\tx/*y*z?.c\nF:\tq*\n");
	return buf_detach(&b, NULL);
}

static char *repeat(char c, int n, const char *tail)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < n; i++)
		buf_putc(&b, c);
	buf_puts(&b, tail);
	return buf_detach(&b, NULL);
}

static void match_text(const char *text, const char *path, const char *want)
{
	struct fixture f = { MAINTAINERS_INIT, { NULL, 0, 0 }, RECIPIENTS_INIT };

	maintainers_parse(&f.m, text, strlen(text), NULL);
	match(&f, path, want);
	maint_matches_release(&f.mm);
	maintainers_release(&f.m);
}

/*
 * Forty stars once made a backtracking regex give up (PCRE2's match
 * limit) and call a matching path a miss, seconds later.
 */
static void test_many_stars_match(void **state)
{
	char *text = star_pattern(40), *hit = repeat('a', 60, "b"), *miss = repeat('a', 60, "");
	char *short_hit = repeat('a', 39, "b");

	(void)state;
	match_text(text, hit, "STARS=-1");
	match_text(text, miss, "");
	match_text(text, short_hit, "");
	match_text(text, "x/ayyz1.c", "OTHER=2");
	match_text(text, "x/yz.c", "");
	match_text(text, "x/a/yz1.c", "");
	match_text(text, "qux", "OTHER=1");
	/* neither * nor ? goes past a newline, as with the script's regex */
	match_text(text, "x/y\nz1.c", "");
	match_text(text, "x/yz\n.c", "");
	free(text);
	free(hit);
	free(miss);
	free(short_hit);
}

static void test_subject_prefix(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(split_subject_prefix(&b, "mm/highmem: Fix a thing"));
	assert_string_equal(b.ptr, "mm/highmem");
	assert_true(split_subject_prefix(&b, "net: dsa: mv88e6xxx: Fix a thing"));
	assert_string_equal(b.ptr, "net: dsa: mv88e6xxx");
	assert_false(split_subject_prefix(&b, "net: Fix it"));
	assert_false(split_subject_prefix(&b, "Revert \"btrfs: foo\""));
	assert_false(split_subject_prefix(&b, "treewide: Fix it"));
	assert_false(split_subject_prefix(&b, "Merge tag 'x' of git://y"));
	assert_false(split_subject_prefix(&b, "Fix it: really"));
	buf_release(&b);
}

static void prefix(const char *want, const char *a, const char *b)
{
	const char *paths[] = { a, b };
	struct buf out = BUF_INIT;

	split_prefix_from_paths(&out, paths, b ? 2 : 1);
	assert_string_equal(out.ptr, want);
	buf_release(&out);
}

static void test_prefix_from_paths(void **state)
{
	(void)state;
	prefix("ext2", "fs/ext2/dir.c", "fs/ext2/inode.c");
	prefix("md", "drivers/md/raid5.c", NULL);
	prefix("zram", "drivers/block/zram/zram_drv.c", NULL);
	prefix("drm/i915", "drivers/gpu/drm/i915/gem/a.c", "drivers/gpu/drm/i915/gt/b.c");
	prefix("mm/highmem", "mm/highmem.c", NULL);
	prefix("mm", "mm/highmem.c", "mm/memory.c");
	prefix("x86/mm", "arch/x86/mm/init.c", NULL);
	prefix("crypto", "crypto/ahash.c", NULL);
	prefix("fs", "fs/a.c", "mm/b.c");
	prefix("crypto", "crypto/shash.c", "drivers/crypto/hifn.c");
	prefix("smb: client", "fs/smb/client/file.c", NULL);
	prefix("mmc: host", "drivers/mmc/host/tifm_sd.c", NULL);
	prefix("kmap", "init.c", NULL);
}

static void test_wrap_keeps_items_indented(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	message_wrap(&out, "- aaaa bbbb cccc dddd eeee\nshort\n", 12);
	assert_string_equal(out.ptr, "- aaaa bbbb\n  cccc dddd\n  eeee\nshort\n");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sections_deepest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_star_stays_in_one_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusion_drops_the_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regex_names_match_at_depth_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_roles_dedup_and_penguin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mailmap_rewrites_addresses, setup, teardown),
		cmocka_unit_test(test_malformed_lines_warn),
		cmocka_unit_test(test_many_stars_match),
		cmocka_unit_test(test_subject_prefix),
		cmocka_unit_test(test_prefix_from_paths),
		cmocka_unit_test(test_wrap_keeps_items_indented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
