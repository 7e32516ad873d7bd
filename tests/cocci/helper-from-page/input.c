// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, size_t off, size_t len)
{
	char *kaddr;

	len = min_t(size_t, len, PAGE_SIZE - off);
	kaddr = kmap(page);
	memcpy(buf, kaddr + off, len);
	kunmap(page);
	flush_dcache_page(page);
}
