// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

size_t f(struct page *page, unsigned int off, size_t bytes, struct iov_iter *i)
{
	char *kaddr;

	kaddr = kmap_atomic(page);
	bytes = copy_from_user_iter(kaddr + off, bytes, i);
	kunmap_atomic(kaddr);
	return bytes;
}
