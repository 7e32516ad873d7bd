// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *a, struct page *b, int type, char *buf)
{
	char *p;

	switch (type) {
	case 0:
		p = kmap_atomic(a);
		break;
	case 1:
		p = kmap_atomic(b);
		break;
	default:
		return -EINVAL;
	}
	buf[0] = p[0];
	kunmap_atomic(p);
	return 0;
}
