// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page **pages, int n, char *buf)
{
	char *p;
	int i = 0;

	do {
		p = kmap_atomic(pages[i]);
		if (!p[0])
			return -EIO;
		buf[i] = p[0];
		kunmap_atomic(p);
	} while (++i < n);
	return 0;
}
