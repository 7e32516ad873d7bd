// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

#define PER_PAGE 512

struct seg { u32 ref; u8 first, last; };

/* Walk segments spread over several pages, remapping at page boundaries. */
int parse_segs(struct page **pages, u32 *refs, int nseg)
{
	struct seg *segments = NULL;
	int n, i, rc = 0;

	for (n = 0; n < nseg; n++) {
		if ((n % PER_PAGE) == 0) {
			if (segments)
				kunmap_local(segments);
			segments = kmap_local_page(pages[n/PER_PAGE]);
		}
		i = n % PER_PAGE;
		if (segments[i].last < segments[i].first) {
			rc = -EINVAL;
			goto unmap;
		}
		refs[n] = segments[i].ref;
	}
unmap:
	if (segments)
		kunmap_local(segments);
	return rc;
}
