// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page **pages, int n, int m, char *buf)
{
	int i, j, ret = 0;
	char *p;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m; j++) {
			p = kmap_atomic(pages[i]);
			if (!p[j]) {
				ret = -EIO;
				goto out;
			}
			buf[j] = p[j];
			kunmap_atomic(p);
		}
	}
out:
	return ret;
}
