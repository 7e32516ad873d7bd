// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf, int n)
{
	char *p;

	p = kmap_atomic(page);
	if (n < 0)
		return -EINVAL;
	buf[0] = p[n];
	kunmap_atomic(p);
	return 0;
}
