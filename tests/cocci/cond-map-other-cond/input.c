// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, int hi, int lo)
{
	char *p = page_address(page);

	if (hi)
		p = kmap_atomic(page);
	buf[0] = p[0];
	if (lo)
		kunmap_atomic(p);
}
