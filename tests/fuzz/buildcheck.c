/*
 * Fuzz target: reading compiler diagnostics out of make's output
 * (buildcheck_parse_diags() of src/buildcheck.h).  Input: the checkout's
 * path on the first line, make's output after it.  Each diagnostic kept
 * has one key, and no key twice.
 */
#include "buildcheck.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec diags = STRVEC_INIT, keys = STRVEC_INIT;
	struct fuzz_part src, out;
	char *src_s, *out_s;

	fuzz_cut(&src, &data, &size, "\n");
	out = (struct fuzz_part){ (const char *)data, size };
	src_s = fuzz_str(&src);
	out_s = fuzz_str(&out);

	buildcheck_parse_diags(&diags, &keys, out_s, src_s);
	FUZZ_CHECK(diags.nr == keys.nr);
	for (size_t i = 0; i < keys.nr; i++)
		for (size_t j = i + 1; j < keys.nr; j++)
			FUZZ_CHECK(strcmp(keys.v[i], keys.v[j]));

	strvec_clear(&diags);
	strvec_clear(&keys);
	free(src_s);
	free(out_s);
	return 0;
}
