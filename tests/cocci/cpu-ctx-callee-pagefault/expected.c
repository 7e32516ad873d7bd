// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* A callee that only tries the copy when page faults are disabled. */
static int fill_from(char *dst, const char __user *src, size_t n)
{
	if (pagefault_disabled())
		return try_fill(dst, src, n);
	return slow_fill(dst, src, n);
}

int fill_page(struct page *page, const char __user *src)
{
	char *p;
	int ret;

	p = kmap_local_page(page);
	pagefault_disable();
	ret = fill_from(p, src, 64);
	pagefault_enable();
	kunmap_local(p);
	return ret;
}
