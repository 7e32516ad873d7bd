// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * The first region is converted, three lines become one, and the rules
 * after it see a shifted copy of the file: the second site must still be
 * reported at its own line.
 */
void f(struct page *page, struct page *next, const char *src, size_t off, size_t n)
{
	size_t copy = min_t(size_t, n, PAGE_SIZE - off);
	char *dst;

	dst = kmap_atomic(page);
	memcpy(dst + off, src, copy);
	kunmap_atomic(dst);

	if (copy < n) {
		src += copy;
		copy = n - copy;
		dst = kmap_atomic(next);
		memcpy(dst, src, copy);
		kunmap_atomic(dst);
	}
}
