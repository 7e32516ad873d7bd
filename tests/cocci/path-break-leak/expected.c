// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page **pages, int n, char *buf)
{
	int i;
	char *p;

	for (i = 0; i < n; i++) {
		p = kmap_atomic(pages[i]);
		if (p[0])
			break;
		buf[i] = p[1];
		kunmap_atomic(p);
	}
	return i;
}
