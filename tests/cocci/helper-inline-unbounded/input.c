// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Inline uses whose length is not bounded by the page: left alone. */
void read_some(struct page *page, char *data, size_t len)
{
	memcpy(data, kmap(page), len);
	kunmap(page);
}

/* The page is still used after the copy: not a helper. */
void read_and_keep(struct page *page, char *data)
{
	memcpy(data, kmap(page), PAGE_SIZE);
	use(page_address(page));
	kunmap(page);
}
