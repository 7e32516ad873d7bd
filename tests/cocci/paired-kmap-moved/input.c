// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int write_blocks(struct page *page, int nsect, int bs, int (*wr)(char *))
{
	char *buf;

	if (!wr)
		return -EINVAL;
	buf = kmap(page);
	for (; nsect > 0; nsect--, buf += bs) {
		if (wr(buf)) {
			kunmap(page);
			return -EIO;
		}
	}
	kunmap(page);
	return 0;
}
