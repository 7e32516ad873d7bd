// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void *get_it(struct page *page)
{
	void *addr;

	addr = kmap_atomic(page);
	prepare(addr);
	return NULL;
}

void put_it(void *addr)
{
	kunmap_atomic(addr);
}
