// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int read_tail(struct page *page, int n, char *dst)
{
	char *p;
	int ret = 0;

	p = kmap(page);
	switch (n) {
	case 0:
		dst[0] = p[0];
		break;
	case 1:
		if (!dst)
			goto out;
		dst[1] = p[1];
		kunmap(page);
		return 1;
	default:
		ret = -EINVAL;
		goto err;
	}
out:
	kunmap(page);
	return ret;
err:
	return ret;
}
