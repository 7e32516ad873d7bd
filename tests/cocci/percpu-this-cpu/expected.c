// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf)
{
	char *src;

	src = kmap_local_page(page);
	preempt_disable();
	buf[0] = src[0];
	this_cpu_inc(counter);
	preempt_enable();
	kunmap_local(src);
}
