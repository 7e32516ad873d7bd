// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *dst, struct page *src, size_t len)
{
	unsigned char *d = kmap_atomic(dst);
	unsigned char *s = kmap_atomic(src);
	size_t i;

	for (i = 0; i < len; i++)
		d[i] ^= s[i];
	kunmap_atomic(s);
	kunmap_atomic(d);
}
