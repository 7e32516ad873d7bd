// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *dst, struct page *src)
{
	char *d, *s;

	d = kmap_atomic(dst);
	s = kmap_atomic(src);
	memcpy(d, s, PAGE_SIZE);
	kunmap_atomic(s);
	kunmap_atomic(d);
}
