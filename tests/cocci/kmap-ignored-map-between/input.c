// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Mapping the page late would put its map after src's, out of LIFO order. */
int copy_in(struct page *page, struct page *other)
{
	u32 *de, *src;
	int v;

	kmap(page);
	src = kmap_local_page(other);
	de = page_address(page);
	de[0] = src[0];
	v = de[1];
	kunmap_local(src);
	kunmap(page);
	return v;
}
