// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

u32 f(struct page *page)
{
	u32 *p = kmap_local_page(page);
	u32 v = p[3];

	kunmap_local(p);
	return v;
}
