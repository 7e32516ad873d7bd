// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, int have, int max, u8 *out)
{
	u8 *ptr = NULL;
	int count;

	if (have)
		ptr = kmap_atomic(page) + 4;
	for (count = 0; count < max; count++) {
		if (out[count] == 0)
			break;
		if (ptr)
			ptr[count] = out[count];
	}
	if (ptr)
		kunmap_atomic(ptr);
}
