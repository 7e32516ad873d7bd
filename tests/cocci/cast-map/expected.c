// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

unsigned long f(struct page *page)
{
	unsigned long addr, v;

	addr = (unsigned long)kmap_local_page(page);
	v = *(unsigned long *)addr;
	kunmap_local((void *)addr);
	return v;
}
