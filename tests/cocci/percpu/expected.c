// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static unsigned long hits[64];

void f(struct page *page, char *buf)
{
	char *src;

	src = kmap_local_page(page);
	preempt_disable();
	buf[0] = src[0];
	hits[smp_processor_id()]++;
	preempt_enable();
	kunmap_local(src);
}
