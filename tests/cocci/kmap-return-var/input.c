// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void *f(struct page *page)
{
	void *addr;

	addr = kmap(page);
	return addr;
}
