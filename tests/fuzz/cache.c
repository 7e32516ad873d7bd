/*
 * Fuzz target: the cache's entry format (cache_parse() and cache_format()
 * of src/cache.h).  The input is an entry, its "kmap-local-cache-2" line
 * added when it does not start with "kmap-local-cache".  An entry that
 * parses must come back the same after cache_format() and another parse;
 * one that does not leaves nothing behind once cleared, as cache_load()
 * does.
 */
#include "cache.h"
#include "fuzz.h"

#define MAGIC "kmap-local-cache-2\n"

static void check_same(const struct file_result *a, const struct file_result *b)
{
	FUZZ_CHECK(a->status == b->status);
	FUZZ_CHECK(!a->reason == !b->reason);
	FUZZ_CHECK(!a->reason || !strcmp(a->reason, b->reason));
	FUZZ_CHECK(a->nr_sites == b->nr_sites);
	for (size_t i = 0; i < a->nr_sites; i++) {
		FUZZ_CHECK(a->sites[i].line == b->sites[i].line);
		FUZZ_CHECK(a->sites[i].col == b->sites[i].col);
		FUZZ_CHECK(!strcmp(a->sites[i].function, b->sites[i].function));
		FUZZ_CHECK(!strcmp(a->sites[i].verdict, b->sites[i].verdict));
		FUZZ_CHECK(!strcmp(a->sites[i].evidence, b->sites[i].evidence));
	}
	FUZZ_CHECK(a->changed == b->changed);
	FUZZ_CHECK(a->converted.len == b->converted.len);
	FUZZ_CHECK(!memcmp(a->converted.ptr, b->converted.ptr, a->converted.len));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_result f = { 0 }, g = { 0 };
	struct buf entry = BUF_INIT, again = BUF_INIT;

	f.converted = g.converted = (struct buf)BUF_INIT;
	if (size < 16 || memcmp(data, "kmap-local-cache", 16))
		buf_puts(&entry, MAGIC);
	buf_add(&entry, data, size);
	if (cache_parse(&f, &entry)) {
		cache_format(&again, &f);
		FUZZ_CHECK(cache_parse(&g, &again));
		check_same(&f, &g);
	}
	file_result_clear(&f);
	file_result_clear(&g);
	buf_release(&entry);
	buf_release(&again);
	return 0;
}
