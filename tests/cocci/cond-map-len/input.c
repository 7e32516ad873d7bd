// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct blk { struct page *page; unsigned int len; unsigned int off; };

static int store(struct blk *b, void *dst)
{
	void *src;
	unsigned int len = b->len;

	if (len == PAGE_SIZE)
		src = kmap_atomic(b->page);
	else
		src = dst + 64;
	memcpy(dst, src, len);
	if (len == PAGE_SIZE)
		kunmap_atomic(src);
	return 0;
}
