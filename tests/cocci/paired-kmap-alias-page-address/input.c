// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct gart { struct page **pages; };

/* page_address() of the unmap's expression reads the kmap() address. */
int first_bytes(struct gart *g, int i, char *out)
{
	struct page *page;
	char *ptr;

	page = g->pages[i];
	ptr = kmap(page);
	out[0] = ptr[0];
	out[1] = *(char *)page_address(g->pages[i]);
	kunmap(g->pages[i]);
	return 0;
}
