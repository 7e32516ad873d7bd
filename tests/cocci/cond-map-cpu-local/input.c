// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * Write back the lines of a highmem page by its temporary address: the
 * write-back acts on this CPU's cache only.
 */
void flush_page_lines(struct page *page)
{
	void *addr;

	if (PageHighMem(page))
		addr = kmap_atomic(page);
	else
		addr = page_address(page);
	__flush_dcache_region(addr, PAGE_SIZE);
	if (PageHighMem(page))
		kunmap_atomic(addr);
}
