// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* No flush after the copy: memcpy_to_page() adds one, and says so. */
void fill_page(struct page *page, const char *buf)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	memcpy(kaddr, buf, PAGE_SIZE);
	kunmap_atomic(kaddr);
}
