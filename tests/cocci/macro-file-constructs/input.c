// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

static DEF_SCSI_QCMD(mini_queue)

/* spatch needs kernel-macros.h to read past the line above */
static int mini_read(struct page *page, char *buf)
{
	char *p = kmap_atomic(page);

	buf[0] = p[0];
	kunmap_atomic(p);
	return 0;
}

void mini_guarded(struct page *page, spinlock_t *lock, char *buf)
{
	scoped_guard(spinlock, lock) {
		char *p = kmap_atomic(page);

		buf[0] = p[0];
		kunmap_atomic(p);
	}
}
