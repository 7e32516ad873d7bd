// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page)
{
	u32 *de;
	int v;

	de = kmap_local_page(page);
	v = de[1];
	kunmap_local(de);
	return v;
}
