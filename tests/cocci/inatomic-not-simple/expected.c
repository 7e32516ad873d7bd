// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char __user *ubuf, size_t len, int hi)
{
	char *kaddr;
	unsigned long left;

	if (hi)
		kaddr = kmap_atomic(page);
	else
		kaddr = page_address(page);
	left = __copy_to_user_inatomic(ubuf, kaddr, len);
	if (hi)
		kunmap_atomic(kaddr);
	return left ? -EFAULT : 0;
}
