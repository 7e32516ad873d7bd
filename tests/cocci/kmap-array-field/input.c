// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct vec {
	void *base;
	size_t len;
};

/* Each page stays mapped in an array slot the caller walks later. */
int map_all(struct vec *v, struct page **pages, unsigned int off, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		v[i].base = kmap(pages[i]) + off;
		v[i].len = PAGE_SIZE - off;
		off = 0;
	}
	return n;
}
