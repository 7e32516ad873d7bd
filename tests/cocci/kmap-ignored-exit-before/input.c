// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* One path unmaps before page_address() is read: no address to unmap there. */
int read_first(struct page *page, int skip)
{
	u32 *de;
	int v;

	kmap(page);
	if (skip) {
		kunmap(page);
		return 0;
	}
	de = page_address(page);
	v = de[1];
	kunmap(page);
	return v;
}
