// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const char *buf, size_t len)
{
	memcpy_to_page(page, 0, buf, min(len, PAGE_SIZE));
}
