// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int scan_page(struct page *page, int n, int (*chk)(char *))
{
	char *addr;
	int i;

	addr = kmap(page);
	for (i = 0; i < n; i++) {
		if (chk(addr))
			return -EIO;
		if (i > 4) {
			kunmap(page);
			return -E2BIG;
		}
	}
	kunmap(page);
	return 0;
}
