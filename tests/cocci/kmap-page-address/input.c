// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page)
{
	u32 *de, *base;
	int v;

	de = kmap(page);
	base = page_address(page);
	v = de[1] + base[2];
	kunmap(page);
	return v;
}
