// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, int hi)
{
	char *p;

	if (hi)
		p = kmap_local_page(page);
	else
		p = page_address(page);
	buf[0] = p[0];
	if (hi)
		kunmap_local(p);
}
