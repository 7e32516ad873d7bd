// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int fill(struct page *page, int n, int *out)
{
	char *addr, *zaddr;
	int i = 0;

	addr = zaddr = kmap_local_page(page);
	if (n < 0) {
		memset(addr, 0, PAGE_SIZE);
		goto out_hole;
	}
	while (1) {
		if (n > 8)
			goto out_err;
		memset(addr, i, 16);
		if (++i >= n)
			break;
		addr += 16;
	}
	zaddr[0] = 1;
out_hole:
	flush_dcache_page(page);
	kunmap_local(zaddr);
	*out = i;
	return 0;

out_err:
	kunmap_local(zaddr);
	return -EINVAL;
}
