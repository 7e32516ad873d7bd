// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * Copy into a (possibly compound) page: the copy is split per page only
 * when the page is in highmem; a lowmem compound page is contiguous.
 */
void copy_frags(struct page *page, const char *src, size_t off, size_t len)
{
	while (len) {
		size_t n = len;
		char *kaddr;

		if (PageHighMem(page))
			n = min_t(size_t, n, PAGE_SIZE - off);
		kaddr = kmap_atomic(page);
		memcpy(kaddr + off, src, n);
		kunmap_atomic(kaddr);
		src += n;
		len -= n;
		off = 0;
		page++;
	}
}
