// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Clear a higher-order allocation through the mapping of its head page. */
void clear_block(struct page *page, unsigned int order)
{
	void *kaddr;

	kaddr = kmap_atomic(page);
	memset(kaddr, 0, PAGE_SIZE << order);
	kunmap_atomic(kaddr);
}
