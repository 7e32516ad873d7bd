// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

int f(struct page *hdr, struct page **pages, int n, int m, int *found)
{
	int i, j, ret = -ENOSPC;
	int *kaddr;

	for (i = 0; i < n; i++) {
		kaddr = kmap_local_page(pages[i]);
		for (j = 0; j < m; j++) {
			if (kaddr[j])
				continue;
			kaddr[j] = 1;
			kunmap_local(kaddr);

			kaddr = kmap_local_page(hdr);
			kaddr[0]--;
			kunmap_local(kaddr);
			*found = i * m + j;
			ret = 0;
			goto out;
		}
		kunmap_local(kaddr);
	}
out:
	return ret;
}
