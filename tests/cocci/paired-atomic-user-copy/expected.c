// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int fill_from_user(struct page *page, const char __user *ubuf, int n)
{
	char *p;
	int ret = 0;

	p = kmap_local_page(page);
	pagefault_disable();
	switch (n) {
	case 0:
		break;
	case 1:
		if (__copy_from_user_inatomic(p, ubuf, 16)) {
			ret = -EFAULT;
			goto out;
		}
		break;
	default:
		ret = -EINVAL;
		goto out;
	}
	p[0] = 1;
out:
	pagefault_enable();
	kunmap_local(p);
	return ret;
}
