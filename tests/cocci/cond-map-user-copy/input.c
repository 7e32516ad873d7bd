// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char __user *ubuf, size_t len)
{
	char *p = page_address(page);
	int ret = 0;

	if (PageHighMem(page))
		p = kmap_atomic(page);
	if (__copy_to_user_inatomic(ubuf, p, len))
		ret = -EFAULT;
	if (PageHighMem(page))
		kunmap_atomic(p);
	return ret;
}
