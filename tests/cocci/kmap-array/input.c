// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page **pages, void **addrs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		addrs[i] = kmap(pages[i]);
}
