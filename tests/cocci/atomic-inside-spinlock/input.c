// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, spinlock_t *lock)
{
	char *p;

	spin_lock(lock);
	p = kmap_atomic(page);
	buf[0] = p[0];
	kunmap_atomic(p);
	spin_unlock(lock);
}
