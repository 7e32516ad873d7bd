// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct sg { struct page *page; unsigned int offset, length; };

/* A pointer into the page, taken at an offset, is what gets unmapped. */
u32 sum_sg(struct sg *sg)
{
	void *vaddr;
	u8 *p;
	u32 sum = 0;
	unsigned int i;

	vaddr = kmap_atomic(sg->page);
	p = vaddr + sg->offset;
	for (i = 0; i < sg->length; i++)
		sum += p[i];
	kunmap_atomic(p);
	return sum;
}
