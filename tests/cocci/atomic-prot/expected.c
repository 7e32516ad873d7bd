// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

u32 f(struct page *page, pgprot_t prot)
{
	u32 *p = kmap_local_page_prot(page, prot);
	u32 v = p[0];

	kunmap_local(p);
	return v;
}
