// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

#define MAP_IT(pg) kmap_atomic(pg)

void f(struct page *page, char *buf)
{
	char *p = MAP_IT(page);

	buf[0] = p[0];
	kunmap_atomic(p);
}
