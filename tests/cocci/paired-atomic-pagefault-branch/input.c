// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int cmpxchg_one(struct page *page, u32 *uval, u32 __user *uaddr, u32 oldval, u32 newval)
{
	int ret = -EFAULT;

	preempt_disable();
	if (!page)
		goto out;
#ifdef CONFIG_64BIT
	pagefault_disable();
	uaddr = page_address(page) + ((unsigned long)uaddr & ~PAGE_MASK);
#else
	uaddr = kmap_atomic(page) + ((unsigned long)uaddr & ~PAGE_MASK);
#endif
	*uval = *uaddr;
	ret = cmpxchg(uaddr, oldval, newval);
#ifdef CONFIG_64BIT
	pagefault_enable();
#else
	kunmap_atomic(uaddr);
#endif
	ret = 0;
out:
	preempt_enable();
	return ret;
}
