// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page **pages, char *buf)
{
	int i = 0;
	char *p;

	for (;;) {
		p = kmap_atomic(pages[i]);
		if (p[0])
			break;
		kunmap_atomic(p);
		i++;
	}
	buf[0] = p[0];
	kunmap_atomic(p);
	return i;
}
