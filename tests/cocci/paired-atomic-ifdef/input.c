// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int op_one_page(struct page *page, unsigned long addr, int len,
		int (*op)(unsigned long addr, int len))
{
	int n;

	if (!page)
		return -1;
#ifdef CONFIG_64BIT
	addr = (unsigned long)page_address(page) + (addr & ~PAGE_MASK);
#else
	addr = (unsigned long)kmap_atomic(page) + (addr & ~PAGE_MASK);
#endif
	n = (*op)(addr, len);
#ifndef CONFIG_64BIT
	kunmap_atomic((void *)addr);
#endif
	return n;
}
