// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page **pages, int n, char *buf)
{
	char *p;
	int i;

	for (i = 0; i < n; i++) {
		p = kmap_local_page(pages[i]);
		if (unlikely(!p))
			return;
		buf[i] = p[0];
		kunmap_local(p);
	}
}
