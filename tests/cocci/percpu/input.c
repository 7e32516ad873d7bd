// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static unsigned long hits[64];

void f(struct page *page, char *buf)
{
	char *src;

	src = kmap_atomic(page);
	buf[0] = src[0];
	hits[smp_processor_id()]++;
	kunmap_atomic(src);
}
