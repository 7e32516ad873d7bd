// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 want)
{
	u32 *p;

	p = kmap(page);
	if (p[0] != want) {
		kunmap(page);
		return -EIO;
	}
	p[1] = want;
	kunmap(page);
	return 0;
}
