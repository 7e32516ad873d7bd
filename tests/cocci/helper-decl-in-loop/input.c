// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page, const char *buf, size_t len, int n)
{
	unsigned long keep;
	int i;

	for (i = 0; i < n; i++) {
		unsigned long x;
		void *pgdata, *vaddr;

		vaddr = kmap(page);
		memcpy(vaddr, buf, PAGE_SIZE);
		kunmap(page);
		keep = x = i;
		pgdata = NULL;
		use(pgdata, keep);
	}
}
