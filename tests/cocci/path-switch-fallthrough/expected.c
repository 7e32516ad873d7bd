// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, int type, char *buf)
{
	char *p;

	switch (type) {
	case 0:
		p = kmap_atomic(page);
		buf[1] = p[1];
		fallthrough;
	case 1:
		buf[0] = p[0];
		kunmap_atomic(p);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}
