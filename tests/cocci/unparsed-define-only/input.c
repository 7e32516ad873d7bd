// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* A #define body spatch cannot parse hides no code: the file is not unparsed. */
#define DECLARE_PEEK(t) \
	static inline u##t peek_##t(const u##t *p) { return *p; }

int mini_first(struct page *page)
{
	int *p = kmap_atomic(page);
	int v = p[0];

	kunmap_atomic(p);
	return v;
}
