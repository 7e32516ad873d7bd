// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * Two mapped pointers in a loop, one remapped on two branches: every map
 * of 'dst' reaches one of several unmaps, some reached from more than one
 * map, and the unmaps name the pointer minus its offset.
 */
int copy_tags(struct page **sp, struct page **dp, int n, int len, int off)
{
	char *src, *dst;
	int i, j = 0;

	for (i = 0; i < n; i++) {
		src = kmap_local_page(sp[i]) + off;
		dst = kmap_local_page(dp[j]) + off;
		if (len > 8) {
			kunmap_local(dst - off);
			j++;
			if (j == n) {
				kunmap_local(src - off);
				return -EINVAL;
			}
			dst = kmap_local_page(dp[j]) + off;
		}
		dst[0] = src[0];
		if (len > 16) {
			kunmap_local(dst - off);
			j++;
			dst = kmap_local_page(dp[j]) + off;
			dst[1] = src[1];
		}
		kunmap_local(dst - off);
		kunmap_local(src - off);
	}
	return 0;
}
