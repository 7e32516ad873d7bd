// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The page is a field or an element: kunmap() names it the same way. */
int sum_block(struct buffer_head *bh, size_t n)
{
	u8 *kaddr = kmap_local_page(bh->b_page) + bh_offset(bh);
	int sum = 0;

	while (n--)
		sum += kaddr[n];
	kunmap_local(kaddr);
	return sum;
}

void hash_pages(struct req *rq, int nr)
{
	int i;
	char *kaddr;

	for (i = 0; i < nr; i++) {
		kaddr = (char *)kmap_local_page(rq->pages[i]);
		update(kaddr, PAGE_SIZE);
		kunmap_local(kaddr);
	}
}
