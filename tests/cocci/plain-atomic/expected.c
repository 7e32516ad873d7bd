// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *addr;
	int v;

	addr = kmap_local_page(page);
	v = addr[0] + addr[1];
	kunmap_local(addr);
	buf[0] = v;
	return 0;
}
