// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf, int n)
{
	char *p = NULL;
	int ret = 0;

	if (n < 0) {
		ret = -EINVAL;
		goto out;
	}
	p = kmap_atomic(page);
	if (!p[0]) {
		ret = -EIO;
		goto out;
	}
	buf[0] = p[n];
out:
	if (p)
		kunmap_atomic(p);
	return ret;
}
