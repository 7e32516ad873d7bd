// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * Copy a page, then purge the data cache lines for the address on this
 * CPU: after a migration between the two the purge would run on the
 * wrong CPU.
 */
void copy_user_page_purge(struct page *to, const void *from)
{
	void *vto;

	vto = kmap_atomic(to);
	copy_page(vto, from);
	__flush_purge_region(vto, PAGE_SIZE);
	kunmap_atomic(vto);
}
