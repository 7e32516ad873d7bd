// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 __user *uptr)
{
	u32 *kaddr;
	int ret;

	kaddr = kmap_local_page(page);
	pagefault_disable();
	ret = get_user(kaddr[0], uptr);
	pagefault_enable();
	kunmap_local(kaddr);
	return ret;
}
