// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const char *buf, size_t off, size_t len)
{
	char *kaddr;

	kaddr = kmap_local_page(page);
	memcpy(kaddr + off, buf, len);
	kunmap_local(kaddr);
}
