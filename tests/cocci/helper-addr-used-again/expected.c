// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, const char *buf, size_t len)
{
	char *kaddr;

	kaddr = kmap_local_page(page);
	memcpy(kaddr, buf, PAGE_SIZE);
	kunmap_local(kaddr);
	return kaddr != NULL;
}
