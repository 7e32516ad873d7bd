// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * The address goes into a structure on this function's stack, handed to a
 * call in this thread: it stays in the thread.
 */
ssize_t send_page(struct socket *sock, struct page *page, int offset, size_t size)
{
	struct kvec iov;
	ssize_t res;
	char *kaddr = kmap(page);

	iov.iov_base = kaddr + offset;
	iov.iov_len = size;
	res = send_iov(sock, &iov, size);
	kunmap(page);
	return res;
}
