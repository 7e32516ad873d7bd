// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Copy fragments out of one page; the cursor moves, the base is unmapped. */
void copy_frags(struct page *page, char *dst, const unsigned int *lens, int n)
{
	char *from, *page_addr;
	int i;

	from = kmap_atomic(page);
	page_addr = from;
	for (i = 0; i < n; i++) {
		memcpy(dst, from, lens[i]);
		dst += lens[i];
		from += lens[i];
	}
	kunmap_atomic(page_addr);
}
