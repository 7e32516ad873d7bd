// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 want)
{
	u32 *p;
	int ret = 0;

	p = kmap_local_page(page);
	if (p[0] != want) {
		ret = -EIO;
		goto out_unmap;
	}
	p[1] = want;
out_unmap:
	kunmap_local(p);
	return ret;
}
