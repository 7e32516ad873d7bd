// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 __user *uptr)
{
	u32 *kaddr;
	int ret;

	kaddr = kmap_atomic(page);
	ret = get_user(kaddr[0], uptr);
	kunmap_atomic(kaddr);
	return ret;
}
