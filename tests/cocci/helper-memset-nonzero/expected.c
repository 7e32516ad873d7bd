// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	memset_page(page, off, 0xff, len);
}
