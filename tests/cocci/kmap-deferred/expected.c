// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct work_struct *w, struct page *page, char *buf)
{
	char *addr;

	addr = kmap(page);
	buf[0] = addr[0];
	schedule_work(w);
	kunmap(page);
}
