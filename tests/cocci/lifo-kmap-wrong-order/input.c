// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *a, struct page *b, size_t len)
{
	char *pa, *pb;

	pa = kmap(a);
	pb = kmap(b);
	pb[0] = pa[0];
	kunmap(a);
	kunmap(b);
}
