// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, unsigned int off, char *buf)
{
	char *p;

	p = kmap_local_page(page) + off;
	buf[0] = p[0];
	buf[1] = p[1];
	kunmap_local(p - off);
}
