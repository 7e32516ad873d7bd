// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, size_t off, size_t len)
{
	len = min_t(size_t, len, PAGE_SIZE - off);
	memcpy_from_page(buf, page, off, len);
	flush_dcache_page(page);
}
