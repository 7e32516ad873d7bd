// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	void *kaddr;

	BUG_ON(len > PAGE_SIZE - off);
	kaddr = kmap_atomic(page);
	memset(kaddr + off, 0, len);
	kunmap_atomic(kaddr);
	flush_dcache_page(page);
}
