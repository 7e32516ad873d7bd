// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const char *buf, size_t len)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr, buf, min(len, PAGE_SIZE));
	kunmap_atomic(kaddr);
	flush_dcache_page(page);
}
