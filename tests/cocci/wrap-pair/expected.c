// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct sg { struct page *page; unsigned int offset, length; };

static char *host_kmap(struct sg *sg, unsigned long *flags)
{
	local_irq_save(*flags);
	return kmap_local_page(sg->page) + sg->offset;
}

static void host_kunmap(void *buffer, unsigned long *flags)
{
	kunmap_local(buffer);
	local_irq_restore(*flags);
}

void bounce_in(struct sg *sg, char *align, int n)
{
	unsigned long flags;
	char *buffer;

	buffer = host_kmap(sg, &flags);
	memcpy(align, buffer, n);
	host_kunmap(buffer, &flags);
}

void bounce_out(struct sg *sg, const char *align, int n)
{
	unsigned long flags;
	char *buffer;

	if (n) {
		buffer = host_kmap(sg, &flags);
		memcpy(buffer, align, n);
		host_kunmap(buffer, &flags);
	}
}
