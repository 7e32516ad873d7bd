// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *kaddr;
	int atomic;

	kaddr = kmap_atomic(page);
	atomic = pagefault_disabled();
	buf[0] = kaddr[0];
	kunmap_atomic(kaddr);
	return atomic;
}
