// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static unsigned long hits[64];

void f(struct page *page, char *buf, spinlock_t *lock)
{
	char *src;

	src = kmap_local_page(page);
	spin_lock(lock);
	hits[smp_processor_id()]++;
	spin_unlock(lock);
	buf[0] = src[0];
	kunmap_local(src);
}
