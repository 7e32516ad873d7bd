// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * The address plus an offset goes into a transfer another task may carry
 * out: it escapes, like the address itself would.
 */
int xfer_sg(struct xfer *t, struct scatterlist *sg)
{
	void *kmap_addr;
	int status;

	kmap_addr = kmap(sg_page(sg));
	t->tx_buf = kmap_addr + sg->offset;
	status = run_xfer(t);
	kunmap(sg_page(sg));
	return status;
}
