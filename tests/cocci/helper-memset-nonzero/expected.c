// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	if (off + len > PAGE_SIZE)
		return;
	memset_page(page, off, 0xff, len);
}
