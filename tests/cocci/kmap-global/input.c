// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static void *saved;

void f(struct page *page)
{
	saved = kmap(page);
}
