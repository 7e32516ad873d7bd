// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct tbl_entry {
	u32 key;
	u32 val;
};

static void tbl_put_page(struct page *page)
{
	kunmap(page);
	put_page(page);
}

static struct page *tbl_get_page(struct address_space *mapping, unsigned long n)
{
	struct page *page = read_mapping_page(mapping, n, NULL);

	if (!IS_ERR(page))
		kmap(page);
	return page;
}

/* Copy one entry between two table pages; the pages are released in the order they were got. */
int tbl_copy(struct address_space *mapping, unsigned long from, unsigned long to, unsigned int i)
{
	struct tbl_entry *src, *dst;
	struct page *spage, *dpage;

	spage = tbl_get_page(mapping, from);
	if (IS_ERR(spage))
		return PTR_ERR(spage);
	src = page_address(spage);
	dpage = tbl_get_page(mapping, to);
	if (IS_ERR(dpage)) {
		tbl_put_page(spage);
		return PTR_ERR(dpage);
	}
	dst = page_address(dpage);
	dst[i] = src[i];
	set_page_dirty(dpage);
	tbl_put_page(spage);
	tbl_put_page(dpage);
	return 0;
}
