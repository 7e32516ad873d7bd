// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct page *tbl_get_page(struct address_space *mapping, unsigned long n);

u32 tbl_first_key(struct address_space *mapping)
{
	struct page *page = tbl_get_page(mapping, 0);
	u32 key;

	if (IS_ERR(page))
		return 0;
	key = *(u32 *)page_address(page);
	kunmap(page);
	put_page(page);
	return key;
}
