// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *p;

	p = kmap_local_page(page);
	if (!p[0]) {
		kunmap_local(p);
		return -EIO;
	}
	buf[0] = p[0];
	kunmap_local(p);
	return 0;
}
