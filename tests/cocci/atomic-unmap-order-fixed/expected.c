// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The unmaps were out of order already: kunmap_local() will not forgive it. */
void copy_word(struct page *a, struct page *b)
{
	u32 *pa = kmap_local_page(a);
	u32 *pb = kmap_local_page(b);

	pb[0] = pa[0];
	kunmap_local(pb);
	kunmap_local(pa);
}
