// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * The map initialises a declaration that another one follows: a disable
 * right after it would come before a declaration, so the site is flagged.
 */
void copy_user_page_decl_more(struct page *to, const void *from)
{
	void *vto = kmap_atomic(to);
	unsigned long len = PAGE_SIZE;

	copy_page(vto, from);
	__flush_purge_region(vto, len);
	kunmap_atomic(vto);
}
