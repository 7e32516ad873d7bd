// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* A map/unmap wrapper pair: the mapping is returned to the caller. */
static unsigned long *map_word(struct page *page)
{
	return (unsigned long *)kmap_atomic(page);
}

static void unmap_word(unsigned long *p)
{
	kunmap_atomic(p);
}

void *map_prot(struct page *page, pgprot_t prot)
{
	void *p = kmap_atomic_prot(page, prot);

	return p;
}
