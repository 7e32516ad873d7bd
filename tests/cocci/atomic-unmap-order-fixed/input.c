// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The unmaps were out of order already: kunmap_local() will not forgive it. */
void copy_word(struct page *a, struct page *b)
{
	u32 *pa = kmap_atomic(a);
	u32 *pb = kmap_atomic(b);

	pb[0] = pa[0];
	kunmap_atomic(pa);
	kunmap_atomic(pb);
}
