// SPDX-License-Identifier: GPL-2.0
#include <linux/highmem.h>

struct ent {
	u32 ino;
	char name[8];
};

int make_empty(struct page *page, u32 ino, u32 parent)
{
	struct ent *de;
	char *base;
	int err;

	err = prepare_chunk(page, 0, 2 * sizeof(*de));
	if (err)
		return err;
	kmap(page);

	lock_page(page);
	base = (char *)page_address(page);
	memset(base, 0, PAGE_SIZE);

	de = (struct ent *)base;
	de->ino = ino;
	strcpy(de->name, ".");
	de++;
	de->ino = parent;
	strcpy(de->name, "..");

	kunmap(page);
	return commit_chunk(page, 0, 2 * sizeof(*de));
}
