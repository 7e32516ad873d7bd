// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* kmap()'s address used inline by one copy or fill, then the page unmapped. */
void read_page(struct page *page, char *data)
{
	memcpy(data, kmap(page), PAGE_SIZE);
	kunmap(page);
}

void write_part(struct page *page, const char *src, size_t off, size_t len)
{
	len = min_t(size_t, len, PAGE_SIZE - off);
	memcpy(kmap(page) + off, src, len);
	kunmap(page);
	flush_dcache_page(page);
}

void clear_page_data(struct page *page)
{
	memset(kmap(page), 0, PAGE_SIZE);
	kunmap(page);
}
