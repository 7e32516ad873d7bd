// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* kmap()'s address used inline by one copy or fill, then the page unmapped. */
void read_page(struct page *page, char *data)
{
	memcpy_from_page(data, page, 0, PAGE_SIZE);
}

void write_part(struct page *page, const char *src, size_t off, size_t len)
{
	len = min_t(size_t, len, PAGE_SIZE - off);
	memcpy_to_page(page, off, src, len);
}

void clear_page_data(struct page *page)
{
	memzero_page(page, 0, PAGE_SIZE);
}
