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

int tbl_lookup(struct address_space *mapping, unsigned long npages, u32 key, u32 *val)
{
	struct tbl_entry *de;
	struct page *page;
	unsigned long n;
	unsigned int i;

	for (n = 0; n < npages; n++) {
		de = tbl_get_page(mapping, n, &page);
		if (IS_ERR(page))
			return PTR_ERR(page);
		for (i = 0; i < PAGE_SIZE / sizeof(*de); i++) {
			if (de[i].key == key) {
				*val = de[i].val;
				tbl_put_page(page, de);
				return 0;
			}
		}
		tbl_put_page(page, de);
	}
	return -ENOENT;
}

int tbl_store(struct address_space *mapping, unsigned long n, unsigned int i, u32 val)
{
	struct tbl_entry *de;
	struct page *page;
	int err = 0;

	de = tbl_get_page(mapping, n, &page);
	if (IS_ERR(page)) {
		err = PTR_ERR(page);
		goto out;
	}
	lock_page(page);
	if (i >= PAGE_SIZE / sizeof(*de)) {
		err = -EINVAL;
		goto unlock;
	}
	de[i].val = val;
	set_page_dirty(page);
unlock:
	unlock_page(page);
	tbl_put_page(page, de);
out:
	return err;
}
