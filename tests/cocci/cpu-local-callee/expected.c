// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* One level into a callee of this file: it writes back this CPU's lines. */
static void wback_lines(void *addr)
{
	__wback_dcache_range((unsigned long)addr, PAGE_SIZE);
}

void clear_user_page_wback(struct page *page)
{
	void *addr;

	addr = kmap_local_page(page);
	preempt_disable();
	clear_page(addr);
	wback_lines(addr);
	preempt_enable();
	kunmap_local(addr);
}
