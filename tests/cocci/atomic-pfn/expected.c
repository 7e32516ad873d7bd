// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

u32 f(unsigned long pfn)
{
	u32 *p;
	u32 v;

	p = kmap_local_pfn(pfn);
	v = p[1];
	kunmap_local(p);
	return v;
}
