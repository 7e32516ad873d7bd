// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, char *buf, int n)
{
	char *p;
	int i;

	p = kmap(page);
	for (i = 0; i < n; i++)
		buf[i] = *p++;
	kunmap(page);
}
