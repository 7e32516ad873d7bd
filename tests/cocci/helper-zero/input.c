// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	void *kaddr;

	kaddr = kmap_atomic(page);
	memset(kaddr + off, 0, len);
	kunmap_atomic(kaddr);
	flush_dcache_page(page);
}
