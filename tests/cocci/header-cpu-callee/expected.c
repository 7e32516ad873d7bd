// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>
#include "../cases/header-cpu-callee.h"

/* Copy, then a header helper purges this CPU's cache lines for the address. */
void copy_and_sync(struct page *to, const void *from)
{
	void *vto;

	vto = kmap_local_page(to);
	preempt_disable();
	copy_page(vto, from);
	hdr_sync_page(vto);
	preempt_enable();
	kunmap_local(vto);
}
