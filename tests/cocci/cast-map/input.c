// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

unsigned long f(struct page *page)
{
	unsigned long addr, v;

	addr = (unsigned long)kmap_atomic(page);
	v = *(unsigned long *)addr;
	kunmap_atomic((void *)addr);
	return v;
}
