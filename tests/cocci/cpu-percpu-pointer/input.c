// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* Per-CPU data reached through a pointer taken before the map. */
void count_page(struct page *page, struct stats __percpu *stats)
{
	struct stats *s = NULL;
	u32 *p;

	s = this_cpu_ptr(stats);
	p = kmap_atomic(page);
	s->sum += p[0];
	kunmap_atomic(p);
}
