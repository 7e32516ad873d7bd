// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf)
{
	char *p;
	int x = (;

	p = kmap_atomic(page);
	buf[0] = p[0];
	kunmap_atomic(p);
}
