// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *a, struct page *b, char *out)
{
	char *pa, *pb;

	pa = kmap(a);
	pb = kmap(b);
	out[0] = pa[0];
	kunmap(a);
	out[1] = pb[0];
	kunmap(b);
}
