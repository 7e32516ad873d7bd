// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page)
{
	kmap(page);
	do_something(page);
	kunmap(page);
}
