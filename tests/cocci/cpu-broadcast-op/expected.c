// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* flush_dcache_page() is the generic API: safe from any CPU. */
void write_flush(struct page *page, u32 v)
{
	u32 *p;

	p = kmap_local_page(page);
	p[0] = v;
	flush_dcache_page(page);
	kunmap_local(p);
}
