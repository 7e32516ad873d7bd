// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct sgl { struct page *page; unsigned int length; };

void zero_first(struct sgl *sgl, int nents)
{
	unsigned char *buf = NULL;

	if (nents != 0) {
		if (sgl)
			buf = kmap_local_page(sgl->page);

		if (buf) {
			memset(buf, 0, sgl->length);
			kunmap_local(buf);
		}
	}
}
