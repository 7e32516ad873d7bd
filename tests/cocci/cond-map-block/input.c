// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct trailer { u8 eof; __le32 crc; };

/* The trailer goes in the last fragment's page when the buffer has fragments. */
int put_trailer(struct sk_buff *skb, struct page *frag_page, unsigned int frag_off,
		u8 eof, u32 crc)
{
	struct trailer *cp;

	if (skb_is_nonlinear(skb)) {
		if (grow_frag(skb))
			return -ENOMEM;
		cp = kmap_atomic(frag_page) + frag_off;
	} else {
		cp = skb_put(skb, sizeof(*cp));
	}

	memset(cp, 0, sizeof(*cp));
	cp->eof = eof;
	cp->crc = cpu_to_le32(~crc);

	if (skb_is_nonlinear(skb)) {
		kunmap_atomic(cp);
		cp = NULL;
	}
	return 0;
}
