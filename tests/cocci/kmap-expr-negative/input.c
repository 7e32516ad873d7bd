// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The expression names another page by the unmap: left alone. */
void moves(struct req *rq, int i)
{
	char *kaddr = kmap(rq->pages[i]);

	use(kaddr);
	i++;
	kunmap(rq->pages[i]);
}

/* The offset may pass the page (an sg offset need not be below PAGE_SIZE). */
void sg_offset(struct scatterlist *sg)
{
	char *buf = kmap(sg_page(sg)) + sg->offset;

	use(buf);
	kunmap(sg_page(sg));
}
