// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct tbl_entry {
	u32 key;
	u32 val;
};

static void tbl_put_page(struct page *page, void *addr)
{
	kunmap_local(addr);
	put_page(page);
}

static void *tbl_get_page(struct address_space *mapping, unsigned long n, struct page **pagep)
{
	struct page *page = read_mapping_page(mapping, n, NULL);

	*pagep = page;
	if (IS_ERR(page))
		return ERR_CAST(page);
	return kmap_local_page(page);
}

/* Copy one entry between two table pages; the pages are released in the order they were got. */
int tbl_copy(struct address_space *mapping, unsigned long from, unsigned long to, unsigned int i)
{
	struct tbl_entry *src, *dst;
	struct page *spage, *dpage;

	src = tbl_get_page(mapping, from, &spage);
	if (IS_ERR(spage))
		return PTR_ERR(spage);
	dst = tbl_get_page(mapping, to, &dpage);
	if (IS_ERR(dpage)) {
		tbl_put_page(spage, src);
		return PTR_ERR(dpage);
	}
	dst[i] = src[i];
	set_page_dirty(dpage);
	tbl_put_page(dpage, dst);
	tbl_put_page(spage, src);
	return 0;
}
