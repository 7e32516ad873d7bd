// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The saved pointer moves too: which page it ends in is not proven. */
void copy_frags(struct page *page, char *dst, unsigned int len)
{
	char *from, *base;

	from = kmap_atomic(page);
	base = from;
	memcpy(dst, from, len);
	base += len;
	kunmap_atomic(base);
}
