// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The length is bounded against another offset than the copy's. */
void f(struct page *page, char *buf, size_t off, size_t skip, size_t len)
{
	size_t n = min(len, PAGE_SIZE - skip);
	char *kaddr;

	kaddr = kmap_local_page(page);
	memcpy(buf, kaddr + off, n);
	kunmap_local(kaddr);
}
