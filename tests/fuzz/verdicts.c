/*
 * Fuzz target: the C post-checks of src/verdicts.h on arbitrary text (the
 * scanner of cscan.h, missed and macro sites, cast and indent tidying,
 * unused declarations, and the LIFO check of lifo.h).  Input:
 *
 *	the original text
 *	@@converted		(a line; what follows is the converted text)
 *	the converted text	(no such part: the rules changed nothing)
 *	@@sites
 *	"LINE VERDICT" lines, or "unparsed" / "timeout" for the file's status
 *
 * The original text is handed over without a NUL after it, as every text
 * is length-delimited.  The result must keep the results.h invariants.
 * The header search of facts.h reads the same text's #include lines: every
 * path it gives must stay inside the tree.
 */
#include "facts.h"
#include "fuzz.h"
#include "results.h"
#include "verdicts.h"

static void add_sites(struct file_result *f, const struct fuzz_part *sites)
{
	char *text = fuzz_str(sites), *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *verdict = strchr(line, ' ');

		if (!strcmp(line, "unparsed"))
			file_result_set_status(f, FILE_UNPARSED, "unparsed");
		else if (!strcmp(line, "timeout"))
			file_result_set_status(f, FILE_TIMEOUT, "timeout");
		else if (verdict && f->nr_sites < 64)
			file_result_add_site(f, (unsigned)strtoul(line, NULL, 10), "fn", verdict + 1,
					     "evidence");
	}
	free(text);
}

static void check_include_paths(const char *text, size_t len)
{
	struct strvec paths = STRVEC_INIT;

	facts_include_paths(&paths, "arch/x/mm/a.c", text, len);
	for (size_t i = 0; i < paths.nr; i++)
		FUZZ_CHECK(paths.v[i][0] != '/' && strncmp(paths.v[i], "../", 3) &&
			   !strstr(paths.v[i], "/../") && !strstr(paths.v[i], "//"));
	strvec_clear(&paths);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part orig, conv, sites;
	struct file_result f = { 0 };
	bool has_conv;
	char *text;

	has_conv = fuzz_cut(&orig, &data, &size, "\n@@converted\n");
	fuzz_cut(&conv, &data, &size, "\n@@sites\n");
	sites = (struct fuzz_part){ (const char *)data, size };

	text = malloc(orig.len ? orig.len : 1);
	if (!text)
		abort();
	memcpy(text, orig.ptr, orig.len);
	f.converted = (struct buf)BUF_INIT;
	if (has_conv) {
		buf_add(&f.converted, conv.ptr, conv.len);
		f.changed = true;
	}
	add_sites(&f, &sites);

	check_include_paths(text, orig.len);
	verdicts_finish(&f, text, orig.len);

	FUZZ_CHECK(f.converted.ptr[f.converted.len] == '\0');
	FUZZ_CHECK(f.changed || f.converted.len == 0);
	for (size_t i = 1; i < f.nr_sites; i++)
		FUZZ_CHECK(f.sites[i - 1].line < f.sites[i].line ||
			   (f.sites[i - 1].line == f.sites[i].line &&
			    f.sites[i - 1].col < f.sites[i].col));
	file_result_clear(&f);
	free(text);
	return 0;
}
