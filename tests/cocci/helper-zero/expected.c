// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	BUG_ON(len > PAGE_SIZE - off);
	memzero_page(page, off, len);
}
