/* verify/digest.h: the digest the guest's init prints for a workload's data. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "../../verify/digest.h"

#define PATTERN_BYTES (8u << 20)	/* what the blk, zram and swap workloads write */

static unsigned pattern_digest(unsigned seed, unsigned flip_at)
{
	static char chunk[65536];
	unsigned h = DIGEST_START;

	for (unsigned off = 0; off < PATTERN_BYTES; off += sizeof(chunk)) {
		fill(chunk, sizeof(chunk), seed, off);
		if (flip_at - off < sizeof(chunk))
			chunk[flip_at - off] ^= 1;
		h = digest_add(h, chunk, sizeof(chunk));
	}
	return h;
}

/* Plain FNV-1a gave every seed one digest over 8 MiB of this pattern. */
static void test_seeds_differ(void **state)
{
	unsigned d[4] = { pattern_digest(3, ~0u), pattern_digest(5, ~0u),
			  pattern_digest(7, ~0u), pattern_digest(11, ~0u) };

	(void)state;
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			assert_int_not_equal(d[i], d[j]);
}

static void test_one_bit_early_shows(void **state)
{
	(void)state;
	assert_int_not_equal(pattern_digest(7, ~0u), pattern_digest(7, 4096 + 5));
	assert_int_equal(pattern_digest(7, ~0u), pattern_digest(7, ~0u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds_differ),
		cmocka_unit_test(test_one_bit_early_shows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
