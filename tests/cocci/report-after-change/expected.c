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

	memcpy_to_page(page, off, src, copy);

	if (copy < n) {
		src += copy;
		copy = n - copy;
		dst = kmap_local_page(next);
		memcpy(dst, src, copy);
		kunmap_local(dst);
	}
}
