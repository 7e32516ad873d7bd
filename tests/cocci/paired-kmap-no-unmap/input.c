// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void fill_ptrs(struct page **pages, void **ptrs, int n, int per)
{
	int u, v;

	for (u = 0; u < n; u++) {
		void *ptr;

		ptr = kmap(pages[u]);
		for (v = 0; v < per; v++)
			*ptrs++ = (char *)ptr + v * 64;
	}
}
