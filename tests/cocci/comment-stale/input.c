// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * Copy the first word.  kmap_atomic() disables preemption, so nothing
 * can run between the map and the copy.
 */
void first_word(struct page *page, u32 *out)
{
	u32 *p;

	p = kmap_atomic(page);	/* takes a KM_USER0 slot */
	out[0] = p[0];
	/* still atomic here: no sleeping, preemption is disabled */
	kunmap_atomic(p);
}

/* Nothing here speaks of the old API. */
void second_word(struct page *page, u32 *out)
{
	u32 *p;

	/* map the page */
	p = kmap_atomic(page);
	out[0] = p[1];
	kunmap_atomic(p);
	/* kmap_atomic() of the next page would go here, after the region */
}
