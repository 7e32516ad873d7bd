// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "header-plain-callee.h"

/* A header helper that neither tests the context nor touches a CPU cache. */
u32 page_sum(struct page *page)
{
	u32 *p;
	u32 s;

	p = kmap_atomic(page);
	s = hdr_sum(p, PAGE_SIZE / sizeof(u32));
	kunmap_atomic(p);
	return s;
}
