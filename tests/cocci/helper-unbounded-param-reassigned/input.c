// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* n is bounded only on one path; the parameter reaches the copy on the other. */
void f(struct page *page, const char *buf, size_t off, size_t n)
{
	char *kaddr;

	if (PageHighMem(page))
		n = min_t(size_t, n, PAGE_SIZE - off);
	kaddr = kmap_atomic(page);
	memcpy(kaddr + off, buf, n);
	kunmap_atomic(kaddr);
}
