// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, size_t off, size_t len)
{
	u8 *kaddr;

	kaddr = kmap_atomic(page);
	memset(kaddr + off, 0xff, len);
	kunmap_atomic(kaddr);
}
