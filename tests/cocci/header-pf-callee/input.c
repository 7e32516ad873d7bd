// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "header-pf-callee.h"

/* The region's helper, from an included header, tests pagefault_disabled(). */
int fill_from_user(struct page *page, const void __user *src, size_t n)
{
	void *dst;
	int ret;

	dst = kmap_atomic(page);
	ret = hdr_fetch(dst, src, n);
	kunmap_atomic(dst);
	return ret;
}
