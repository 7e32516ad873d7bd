// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, int *val)
{
	int *p;

retry:
	p = kmap_atomic(page);
	if (p[0] < 0) {
		kunmap_atomic(p);
		goto retry;
	}
	*val = p[0];
	kunmap_atomic(p);
	return 0;
}
