// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char __user *ubuf, size_t len)
{
	char *kaddr;
	unsigned long left;

	kaddr = kmap_atomic(page);
	left = __copy_to_user_inatomic(ubuf, kaddr, len);
	kunmap_atomic(kaddr);
	return left ? -EFAULT : 0;
}
