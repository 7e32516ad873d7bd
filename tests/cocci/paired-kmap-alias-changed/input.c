// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct gart { struct page **pages; };

int first_byte(struct gart *g, int i, char *out)
{
	struct page *page;
	char *ptr;

	page = g->pages[i];
	ptr = kmap(page);
	out[0] = ptr[0];
	i++;
	kunmap(g->pages[i]);
	return 0;
}
