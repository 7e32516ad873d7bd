// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *a, struct page *b, size_t len)
{
	char *pa, *pb;

	pa = kmap_local_page(a);
	pb = kmap_local_page(b);
	pb[0] = pa[0];
	kunmap_local(pb);
	kunmap_local(pa);
}
