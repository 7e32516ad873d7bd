/*
 * Fuzz target: reading spatch's output (spatch_parse_report() and
 * spatch_parse_log() of src/spatch.h) into results, then what every run
 * does with them: tidy the sites, write the reports, and store and load
 * each result through the cache's entry format.  Input:
 *
 *	spatch's stdout (KMAP-SITE report lines)
 *	@@log			(a line)
 *	spatch's stderr (HANDLING:, parse errors, EXN: ...)
 *
 * The results are five files, named by spatch as src/0.c .. src/4.c (the
 * order of their sorted paths).  Each part is handed over in a buffer of
 * exactly its length, with no NUL after it, as the parsers must not need
 * one.
 */
#include "cache.h"
#include "fuzz.h"
#include "report.h"
#include "results.h"
#include "spatch.h"

static const char *const paths[] = { "fs/a.c", "fs/ab.c", "mm/b.c", "kernel/c.c",
	"drivers/a b/x.c" };

static bool same_result(const struct file_result *a, const struct file_result *b)
{
	if (a->status != b->status || !a->reason != !b->reason ||
	    (a->reason && strcmp(a->reason, b->reason)) || a->nr_sites != b->nr_sites ||
	    a->changed != b->changed || a->nr_parse_errors != b->nr_parse_errors)
		return false;
	for (size_t i = 0; i < a->nr_parse_errors; i++)
		if (a->parse_errors[i] != b->parse_errors[i])
			return false;
	for (size_t i = 0; i < a->nr_sites; i++)
		if (a->sites[i].line != b->sites[i].line || a->sites[i].col != b->sites[i].col ||
		    strcmp(a->sites[i].function, b->sites[i].function) ||
		    strcmp(a->sites[i].verdict, b->sites[i].verdict) ||
		    strcmp(a->sites[i].evidence, b->sites[i].evidence))
			return false;
	return true;
}

/* What cache_store() writes for `f` must read back as `f`. */
static void cache_round_trip(const struct file_result *f)
{
	struct file_result back = { 0 };
	struct buf entry = BUF_INIT;

	if (f->status == FILE_TIMEOUT || f->status == FILE_FAILED)
		return;		/* never stored */
	back.converted = (struct buf)BUF_INIT;
	cache_format(&entry, f);
	FUZZ_CHECK(cache_parse(&back, &entry));
	FUZZ_CHECK(same_result(f, &back));
	file_result_clear(&back);
	buf_release(&entry);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	git_libgit2_init();	/* git_oid_tostr_s() needs its thread state */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct results res = { 0 };
	struct convert_stats stats = { 0 };
	struct fuzz_part out, err;
	struct buf report = BUF_INIT;
	unsigned char handled[5] = { 0 };
	char *out_s, *err_s;
	git_oid id;

	fuzz_cut(&out, &data, &size, "\n@@log\n");
	err = (struct fuzz_part){ (const char *)data, size };
	out_s = fuzz_bytes(&out);
	err_s = fuzz_bytes(&err);

	memset(&id, 0, sizeof(id));
	for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		results_add(&res, paths[i], &id);
	results_sort(&res);

	spatch_parse_report(&res, out_s, out.len);
	spatch_parse_log(&res, err_s, err.len, handled);
	for (size_t i = 0; i < res.nr; i++) {
		file_result_tidy(&res.v[i]);
		cache_round_trip(&res.v[i]);
	}
	report_sites(&report, &res);
	report_file_notes(&report, &res);
	report_summary(&report, &res, &stats);
	report_json(&report, &res, &stats, "0000000000000000000000000000000000000000");

	buf_release(&report);
	results_release(&res);
	free(out_s);
	free(err_s);
	return 0;
}
