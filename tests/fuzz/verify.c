/*
 * Fuzz target: the text `kmap-local verify` reads from outside: a guest's
 * console (verify_parse_console() of src/verify.h) and a workload file
 * (workload_parse()).  Input: a workload file, "\n@@console\n", then a
 * console log.  Every splat has a key and a text that starts with it
 * (numbers aside), hit counts belong to names without a '.', a result
 * line is found again by its workload's name, and a gcov dump never holds
 * more than it announced, a KTAP result has a name, a level inside the
 * nesting the reader keeps and a status ktap_status_of() finds again.
 * The console is read as gcov's JSON too.
 */
#include "fuzz.h"
#include "gcov.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part wl, con;
	struct workload w;
	struct boot b = BOOT_INIT;
	char *wl_s, *con_s;

	fuzz_cut(&wl, &data, &size, "\n@@console\n");
	con = (struct fuzz_part){ (const char *)data, size };
	wl_s = fuzz_str(&wl);
	con_s = fuzz_str(&con);

	if (workload_parse(&w, "fuzz", "fuzz.workload", wl_s) == 0) {
		FUZZ_CHECK(w.run && w.paths.nr);
		FUZZ_CHECK(!w.disk_mb || w.mkfs.nr);
	}
	free(w.name);
	free(w.file);
	free(w.run);
	strvec_clear(&w.paths);
	strvec_clear(&w.config);
	strvec_clear(&w.cmdline);
	strvec_clear(&w.mkfs);
	strvec_clear(&w.fsck);
	strvec_clear(&w.kunit);

	verify_parse_console(&b, con_s);
	for (size_t i = 0; i < b.nr_splats; i++)
		FUZZ_CHECK(b.splats[i].key && b.splats[i].text && *b.splats[i].text);
	for (size_t i = 0; i < b.nr_hits; i++)
		FUZZ_CHECK(!strchr(b.hits[i].name, '.') && boot_hits(&b, b.hits[i].name) >= b.hits[i].hits);
	for (size_t i = 0; i < b.results.nr; i++) {
		char *name = strndup(b.results.v[i], strcspn(b.results.v[i], " "));

		FUZZ_CHECK(!strchr(b.results.v[i], ' ') || boot_result(&b, name));
		free(name);
	}
	for (size_t i = 0; i < b.nr_gcda; i++)
		FUZZ_CHECK(b.gcda[i].path && b.gcda[i].data.len <= b.gcda[i].want);
	for (size_t i = 0; i < b.kunit.nr; i++) {
		const struct ktap_result *r = &b.kunit.v[i];

		FUZZ_CHECK(r->name && r->level >= 0 && r->level < KTAP_DEPTH);
		FUZZ_CHECK(ktap_status_of(&b.kunit, r->name) >= 0);
	}
	gcov_parse_json(&b, "fuzz.o", con_s);
	for (size_t i = 0; i < b.nr_gcov; i++) {
		unsigned long n = 0;

		FUZZ_CHECK(boot_gcov(&b, "fuzz.o", b.gcov[i].name, &n) && n == b.gcov[i].count);
	}
	boot_release(&b);
	free(wl_s);
	free(con_s);
	return 0;
}
