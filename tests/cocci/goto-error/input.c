// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *p;
	int ret = 0;

	p = kmap_atomic(page);
	if (!p[0]) {
		ret = -EIO;
		goto out;
	}
	buf[0] = p[0];
out:
	kunmap_atomic(p);
	return ret;
}
