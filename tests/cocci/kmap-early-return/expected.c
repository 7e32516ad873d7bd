// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 want)
{
	u32 *p;

	p = kmap_local_page(page);
	if (p[0] != want) {
		kunmap_local(p);
		return -EIO;
	}
	p[1] = want;
	kunmap_local(p);
	return 0;
}
