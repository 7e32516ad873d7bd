// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	u8 *kaddr;

	if (off + len > PAGE_SIZE)
		return;
	kaddr = kmap_atomic(page);
	memset(kaddr + off, 0xff, len);
	kunmap_atomic(kaddr);
}
