// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const u64 *src, size_t len)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr, src, PAGE_SIZE);
	kunmap_atomic(kaddr);
}
