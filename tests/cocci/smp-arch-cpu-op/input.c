// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Copy a page, then purge this CPU's data cache lines for the address. */
void copy_user_page_purge(struct page *to, const void *from)
{
	void *vto;

	vto = kmap_atomic(to);
	copy_page(vto, from);
	__flush_purge_region(vto, PAGE_SIZE);
	kunmap_atomic(vto);
}
