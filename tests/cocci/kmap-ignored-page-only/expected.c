// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

void f(struct page *page)
{
	kmap(page);
	flush_it(page_address(page));
	kunmap(page);
}
