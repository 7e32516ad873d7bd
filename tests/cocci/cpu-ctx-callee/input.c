// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* A callee that takes another path in atomic context. */
static int store_word(u32 *dst, u32 v)
{
	if (in_atomic())
		return -EAGAIN;
	might_sleep();
	*dst = v;
	return 0;
}

int store_first(struct page *page, u32 v)
{
	u32 *p;
	int ret;

	p = kmap_atomic(page);
	ret = store_word(p, v);
	kunmap_atomic(p);
	return ret;
}
