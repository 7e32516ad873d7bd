// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int check(char *p);

int f(struct page *page, char *buf)
{
	char *dst;
	int r;

	dst = kmap_local_page(page);
	r = check(dst + 4);
	if (!r)
		buf[0] = dst[0];
	kunmap_local(dst);
	return r;
}
