// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int op_page(struct page *page, unsigned long uaddr, int len,
	    int (*op)(unsigned long addr, int len))
{
	unsigned long addr;
	int n;

	addr = (unsigned long)kmap(page) + (uaddr & ~PAGE_MASK);
	n = op(addr, len);
	if (n < 0)
		goto out;
	n = op(addr, n);
	kunmap(page);
	return n;
out:
	kunmap(page);
	return -EFAULT;
}
