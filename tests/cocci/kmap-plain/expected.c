// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *page, u32 ino)
{
	u32 *de = kmap_local_page(page);
	int i, found = -1;

	for (i = 0; i < 16; i++) {
		if (de[i] == ino) {
			found = i;
			break;
		}
	}
	kunmap_local(de);
	return found;
}
