// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct sg { struct page *page; unsigned int offset, length; };

static char *host_kmap(struct sg *sg)
{
	return kmap_atomic(sg->page) + sg->offset;
}

static void host_kunmap(void *buffer)
{
	kunmap_atomic(buffer);
}

/* The wrapper's mapping is released after one mapped later: not LIFO. */
void copy_between(struct sg *sg, struct page *other, int n)
{
	char *buffer, *o;

	buffer = host_kmap(sg);
	o = kmap_atomic(other);
	memcpy(o, buffer, n);
	host_kunmap(buffer);
	kunmap_atomic(o);
}
