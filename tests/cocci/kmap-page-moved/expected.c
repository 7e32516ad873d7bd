// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page)
{
	u32 *de;
	int v;

	de = kmap(page);
	v = de[1];
	page++;
	kunmap(page);
	return v;
}

int g(struct page *page)
{
	u32 *de = kmap(page);
	int v = de[1];

	page += 1;
	kunmap(page);
	return v;
}
