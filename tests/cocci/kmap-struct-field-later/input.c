// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct ctx {
	void *buf;
};

void f(struct ctx *c, struct page *page)
{
	void *addr;

	addr = kmap(page);
	c->buf = addr;
	use_ctx(c);
	kunmap(page);
}
