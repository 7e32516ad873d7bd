// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int send_part(struct page *page, int offset, size_t size, int (*send)(void *, size_t))
{
	void *addr;
	int err;

	addr = kmap(page) + offset;
	err = send(addr, size);
	if (err < 0) {
		kunmap(page);
		return err;
	}
	kunmap(page);
	return 0;
}
