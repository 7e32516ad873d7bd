// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *dst, struct page *src, int hi)
{
	char *d, *s = page_address(src);

	d = kmap_atomic(dst);
	if (hi)
		s = kmap_atomic(src);
	d[0] = s[0];
	kunmap_atomic(d);
	if (hi)
		kunmap_atomic(s);
}
