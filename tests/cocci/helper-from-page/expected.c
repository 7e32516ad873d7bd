// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, size_t off, size_t len)
{
	memcpy_from_page(buf, page, off, len);
	flush_dcache_page(page);
}
