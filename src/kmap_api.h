#ifndef KMAP_KMAP_API_H
#define KMAP_KMAP_API_H
/*
 * The kmap API the tool knows, in one table: the calls that are sites
 * (the old map calls), what each becomes, and the calls that map and
 * unmap a thread-local slot, for the LIFO walk.
 */
#include <stdbool.h>
#include <stddef.h>

enum kmap_role {
	KMAP_OLD_MAP,		/* a site: kmap_atomic(), kmap(), ... */
	KMAP_LOCAL_MAP,		/* takes a local slot: kmap_local_page(), ... */
	KMAP_LOCAL_UNMAP,	/* frees one: kunmap_local(), kunmap_atomic() */
	KMAP_OLD_UNMAP,		/* kunmap(page): not a slot of its own */
};

struct kmap_call {
	const char *name;
	enum kmap_role role;
	bool local_slot;	/* kmap_atomic*() take a slot too: part of the LIFO walk */
	const char *becomes;	/* for an old map: the local call that replaces it */
};

extern const struct kmap_call kmap_calls[];
extern const size_t nr_kmap_calls;

/* The entry for the call named by [name, name + len), or NULL. */
const struct kmap_call *kmap_call_find(const char *name, size_t len);
/* Does the call take (or free) a thread-local slot, for the LIFO walk? */
bool kmap_call_maps_slot(const struct kmap_call *c);
bool kmap_call_unmaps_slot(const struct kmap_call *c);

#endif
