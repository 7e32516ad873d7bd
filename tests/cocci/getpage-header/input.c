/* SPDX-License-Identifier: GPL-2.0 */
/* A get-page helper pair in a header: its callers are in other files. */
#include <linux/highmem.h>

static inline void tbl_put_page(struct page *page)
{
	kunmap(page);
	put_page(page);
}

static inline struct page *tbl_get_page(struct address_space *mapping, unsigned long n)
{
	struct page *page = read_mapping_page(mapping, n, NULL);

	if (!IS_ERR(page))
		kmap(page);
	return page;
}
