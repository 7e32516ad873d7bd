// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, const char *buf, size_t len)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr, buf, PAGE_SIZE);
	kunmap_atomic(kaddr);
	return kaddr != NULL;
}
