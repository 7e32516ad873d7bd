#include "kmap_api.h"

#include <string.h>

const struct kmap_call kmap_calls[] = {
	{ "kmap_atomic", KMAP_OLD_MAP, true, "kmap_local_page" },
	{ "kmap_atomic_prot", KMAP_OLD_MAP, true, "kmap_local_page_prot" },
	{ "kmap_atomic_pfn", KMAP_OLD_MAP, true, "kmap_local_pfn" },
	{ "kmap", KMAP_OLD_MAP, false, "kmap_local_page" },
	{ "kmap_local_page", KMAP_LOCAL_MAP, true, NULL },
	{ "kmap_local_page_prot", KMAP_LOCAL_MAP, true, NULL },
	{ "kmap_local_pfn", KMAP_LOCAL_MAP, true, NULL },
	{ "kmap_local_folio", KMAP_LOCAL_MAP, true, NULL },
	{ "kunmap_local", KMAP_LOCAL_UNMAP, true, NULL },
	{ "kunmap_atomic", KMAP_LOCAL_UNMAP, true, NULL },
	{ "kunmap", KMAP_OLD_UNMAP, false, NULL },
};

const size_t nr_kmap_calls = sizeof(kmap_calls) / sizeof(kmap_calls[0]);

const struct kmap_call *kmap_call_find(const char *name, size_t len)
{
	if (len < 4 || name[0] != 'k')
		return NULL;	/* every name is "k..." and at least "kmap" */
	for (size_t i = 0; i < nr_kmap_calls; i++)
		if (strlen(kmap_calls[i].name) == len && !memcmp(kmap_calls[i].name, name, len))
			return &kmap_calls[i];
	return NULL;
}

bool kmap_call_maps_slot(const struct kmap_call *c)
{
	return c && c->local_slot && (c->role == KMAP_OLD_MAP || c->role == KMAP_LOCAL_MAP);
}

bool kmap_call_unmaps_slot(const struct kmap_call *c)
{
	return c && c->role == KMAP_LOCAL_UNMAP;
}
