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

void bounce_in(struct sg *sg, char *align, int n)
{
	char *buffer;

	buffer = host_kmap(sg);
	memcpy(align, buffer, n);
	host_kunmap(buffer);
}

/* The address leaves with the caller's structure: this call does not pair. */
void keep_mapped(struct sg *sg, char **out)
{
	*out = host_kmap(sg);
}

/* A copy to user space inside the region. */
int bounce_user(struct sg *sg, char __user *ubuf, int n)
{
	char *buffer;
	int ret;

	buffer = host_kmap(sg);
	ret = copy_to_user(ubuf, buffer, n);
	host_kunmap(buffer);
	return ret;
}
