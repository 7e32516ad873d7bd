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

struct tbl_entry *tbl_find(struct address_space *mapping, unsigned long npages, u32 key,
			   struct page **res_page)
{
	struct tbl_entry *de;
	struct page *page;
	unsigned long n;
	unsigned int i;

	for (n = 0; n < npages; n++) {
		page = tbl_get_page(mapping, n);
		if (IS_ERR(page))
			continue;
		de = (struct tbl_entry *)page_address(page);
		for (i = 0; i < PAGE_SIZE / sizeof(*de); i++) {
			if (de[i].key == key) {
				*res_page = page;
				return &de[i];
			}
		}
		tbl_put_page(page);
	}
	return NULL;
}

void tbl_release(struct page *page)
{
	tbl_put_page(page);
}
