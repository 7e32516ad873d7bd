// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct holder { void *v; };

int two_maps(struct holder *h, struct page *page, int n)
{
	char *p;

	if (n) {
		p = kmap(page);
		if (p[0])
			return -EIO;
	} else {
		h->v = kmap(page);
	}
	kunmap(page);
	return 0;
}
