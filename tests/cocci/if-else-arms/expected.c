// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, int hi)
{
	char *p;

	if (hi) {
		p = kmap_local_page(page);
		buf[0] = p[0];
		kunmap_local(p);
	} else {
		p = kmap_local_page(page);
		buf[1] = p[1];
		kunmap_local(p);
	}
}
