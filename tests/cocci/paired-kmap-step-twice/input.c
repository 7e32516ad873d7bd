// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int walk(struct page *page, unsigned long pos, int n, int (*use)(char *))
{
	unsigned int off = pos & ~PAGE_MASK;
	char *p;
	int i, err = 0;

	p = kmap(page);
	for (i = 0; i < n; i++) {
		p += off;
		err = use(p);
		if (err)
			break;
	}
	kunmap(page);
	return err;
}
