// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page **p, char *out)
{
	char *a0 = kmap_atomic(p[0]), *a1 = kmap_atomic(p[1]), *a2 = kmap_atomic(p[2]);
	char *a3 = kmap_atomic(p[3]), *a4 = kmap_atomic(p[4]), *a5 = kmap_atomic(p[5]);
	char *a6 = kmap_atomic(p[6]), *a7 = kmap_atomic(p[7]), *a8 = kmap_atomic(p[8]);
	char *a9 = kmap_atomic(p[9]), *a10 = kmap_atomic(p[10]), *a11 = kmap_atomic(p[11]);
	char *a12 = kmap_atomic(p[12]), *a13 = kmap_atomic(p[13]), *a14 = kmap_atomic(p[14]);
	char *a15 = kmap_atomic(p[15]);

	out[0] = a0[0] ^ a15[0];
	kunmap_atomic(a15);
	kunmap_atomic(a14);
	kunmap_atomic(a13);
	kunmap_atomic(a12);
	kunmap_atomic(a11);
	kunmap_atomic(a10);
	kunmap_atomic(a9);
	kunmap_atomic(a8);
	kunmap_atomic(a7);
	kunmap_atomic(a6);
	kunmap_atomic(a5);
	kunmap_atomic(a4);
	kunmap_atomic(a3);
	kunmap_atomic(a2);
	kunmap_atomic(a1);
	kunmap_atomic(a0);
}
