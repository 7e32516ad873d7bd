// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const u32 *buf, size_t off, size_t len)
{
	u32 *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr + off, buf, min_t(size_t, len, PAGE_SIZE - off));
	kunmap_atomic(kaddr);
}
