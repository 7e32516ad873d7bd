/*
 * Fuzz target: function slicing (src/slice.h) on arbitrary text.  What
 * spatch sees must keep every line where it was (as many newlines, each
 * cut inside the text and after the one before), and putting the bodies
 * back into that very text must give the original, byte for byte.  When
 * spatch changed nothing that is what slice_restore() is asked to do.
 */
#include "fuzz.h"
#include "slice.h"

static size_t count_newlines(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

static void check_cuts(const struct slice *s, size_t len)
{
	size_t orig_end = 0, out_end = 0;

	for (size_t i = 0; i < s->nr; i++) {
		const struct slice_cut *c = &s->cuts[i];

		FUZZ_CHECK(c->orig >= orig_end && c->orig + c->orig_len <= len);
		FUZZ_CHECK(c->out >= out_end && c->out + c->out_len <= s->text.len);
		FUZZ_CHECK(c->orig - orig_end == c->out - out_end);
		orig_end = c->orig + c->orig_len;
		out_end = c->out + c->out_len;
	}
	FUZZ_CHECK(len - orig_end == s->text.len - out_end);
	FUZZ_CHECK(s->nr <= s->functions);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part part = { (const char *)data, size };
	char *text = fuzz_bytes(&part);
	struct slice s = SLICE_INIT;
	struct buf back = BUF_INIT;

	slice_make(&s, text, size);
	if (s.nr) {
		check_cuts(&s, size);
		FUZZ_CHECK(count_newlines(s.text.ptr, s.text.len) == count_newlines(text, size));
		FUZZ_CHECK(slice_restore(&back, &s, text, s.text.ptr, s.text.len) == 0);
		FUZZ_CHECK(back.len == size && !memcmp(back.ptr, text, size));
	}
	slice_release(&s);
	buf_release(&back);
	free(text);
	return 0;
}
