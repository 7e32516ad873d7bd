// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/*
 * As plain-loop-shared-unmaps, but one path moves 'dst' by an offset the
 * rules cannot bound before its unmap: the maps of 'dst' may not convert,
 * those of 'src' still do.
 */
int copy_tags(struct page **sp, struct page **dp, int n, int len, int off)
{
	char *src, *dst;
	int i, j = 0;

	for (i = 0; i < n; i++) {
		src = kmap_atomic(sp[i]) + off;
		dst = kmap_atomic(dp[j]) + off;
		if (len > 8) {
			kunmap_atomic(dst - off);
			j++;
			if (j == n) {
				kunmap_atomic(src - off);
				return -EINVAL;
			}
			dst = kmap_atomic(dp[j]) + off;
		}
		if (len > 32)
			dst = dst + len;
		dst[0] = src[0];
		if (len > 16) {
			kunmap_atomic(dst - off);
			j++;
			dst = kmap_atomic(dp[j]) + off;
			dst[1] = src[1];
		}
		kunmap_atomic(dst - off);
		kunmap_atomic(src - off);
	}
	return 0;
}
