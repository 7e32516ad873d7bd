// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* One CPU does not make in_atomic() answer as it did under kmap_atomic(). */
static int store_word(u32 *dst, u32 v)
{
	if (in_atomic())
		return -EAGAIN;
	*dst = v;
	return 0;
}

int store_first(struct page *page, u32 v)
{
	u32 *p;
	int ret;

	p = kmap_local_page(page);
	preempt_disable();
	ret = store_word(p, v);
	__flush_purge_region(p, PAGE_SIZE);
	preempt_enable();
	kunmap_local(p);
	return ret;
}
