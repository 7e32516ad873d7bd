// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Write a buffer into a file's pages, one page at a time. */
void write_pages(struct page **pages, const char *buf, loff_t pos, size_t len)
{
	while (len) {
		struct page *page = pages[pos >> PAGE_SHIFT];
		size_t off = offset_in_page(pos);
		size_t n = min_t(size_t, len, PAGE_SIZE - off);

		memcpy_to_page(page, off, buf, n);
		buf += n;
		pos += n;
		len -= n;
	}
}
