// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page **pages, void **ptrs, int n, char *out)
{
	int i;

	for (i = 0; i < n; i++)
		ptrs[i] = kmap_atomic(pages[i]);
	out[0] = ((char *)ptrs[0])[0];
	for (i = n - 1; i >= 0; i--)
		kunmap_atomic(ptrs[i]);
}
