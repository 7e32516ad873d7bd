// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *p;
	int ret = 0;

	p = kmap_local_page(page);
	if (!p[0]) {
		ret = -EIO;
		goto out;
	}
	buf[0] = p[0];
out:
	kunmap_local(p);
	return ret;
}
