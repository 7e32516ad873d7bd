// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* A string continued with a backslash-newline is two lines, not one. */
void f(struct page *page, char *buf)
{
	char *p;

	pr_info("a message that goes on \
and on\n");
	p = kmap_local_page(page);
	buf[0] = p[0];
	kunmap_local(p);
}
