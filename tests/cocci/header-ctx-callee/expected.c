// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "header-ctx-callee.h"

/* The region calls a helper of an included header that tests in_atomic(). */
int store_first(struct page *page, u32 v)
{
	u32 *p;
	int ret;

	p = kmap_local_page(page);
	preempt_disable();
	ret = hdr_store_word(p, v);
	preempt_enable();
	kunmap_local(p);
	return ret;
}
