// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

/* The region is inside get_cpu()/put_cpu(): the CPU is pinned already. */
void copy_purge_pinned(struct page *to, const void *from)
{
	void *vto;
	int cpu = get_cpu();

	vto = kmap_local_page(to);
	copy_page(vto, from);
	__flush_purge_region(vto, PAGE_SIZE);
	kunmap_local(vto);
	put_cpu();
	note_cpu(cpu);
}
