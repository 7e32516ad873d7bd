// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The map initialises the last declaration: the disable goes right after it. */
void copy_user_page_decl(struct page *to, const void *from)
{
	void *vto = kmap_atomic(to);

	copy_page(vto, from);
	__flush_purge_region(vto, PAGE_SIZE);
	kunmap_atomic(vto);
}
