// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, u32 *src, int n)
{
	u32 *start, *p;
	int i;

	start = p = kmap_atomic(page);
	for (i = 0; i < n; i++)
		*p++ = src[i];
	kunmap_atomic(start);
}
