// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The check warns but goes on: it bounds nothing. */
void f(struct page *page, const char *buf, size_t off, size_t len)
{
	char *kaddr;

	if (off + len > PAGE_SIZE)
		pr_warn("copy crosses the page\n");
	kaddr = kmap_local_page(page);
	memcpy(kaddr + off, buf, len);
	kunmap_local(kaddr);
}
