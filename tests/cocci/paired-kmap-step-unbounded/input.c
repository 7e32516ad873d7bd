// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void get_len(unsigned int *len, unsigned int *off);

int part(struct page *page, int (*use)(char *, unsigned int))
{
	unsigned int len, off;
	char *p;
	int err;

	get_len(&len, &off);
	p = kmap(page);
	p += off;
	err = use(p, len);
	kunmap(page);
	return err;
}
