// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char __user *ubuf, size_t len)
{
	char *kaddr;
	unsigned long left;

	kaddr = kmap_local_page(page);
	pagefault_disable();
	left = __copy_to_user_inatomic(ubuf, kaddr, len);
	pagefault_enable();
	kunmap_local(kaddr);
	return left ? -EFAULT : 0;
}
