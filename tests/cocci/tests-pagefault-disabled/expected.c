// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, char *buf)
{
	char *kaddr;
	int atomic;

	kaddr = kmap_local_page(page);
	pagefault_disable();
	atomic = pagefault_disabled();
	buf[0] = kaddr[0];
	pagefault_enable();
	kunmap_local(kaddr);
	return atomic;
}
