// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, const char __user *ubuf, size_t len)
{
	char *kaddr;
	int ret;

	kaddr = kmap_local_page(page);
	pagefault_disable();
	ret = copy_from_user(kaddr, ubuf, len);
	pagefault_enable();
	kunmap_local(kaddr);
	return ret;
}
