#ifndef KMAP_SLICE_H
#define KMAP_SLICE_H
/*
 * Function slicing: spatch model-checks every rule over every function of
 * a candidate file, though only the few functions that call a kmap-family
 * function (and the ones the rules read with them) can matter.  Before
 * spatch, each other function is blanked: its whole definition, from the
 * first token of its declaration to its '}', when nothing but the
 * top-level item before it (a ';', a '}', a directive) comes first and it
 * takes more than one line, else only its body between the braces.  The
 * stand-in of a body is a marker comment, of a whole definition a
 * declaration "int kmap_local_slice_<n>;" (spatch's error recovery starts
 * again at a declaration, not at a comment), then the text's newlines and
 * preprocessor lines, so every kept line keeps its number and column.
 * Whole definitions with nothing but directives and comments between them
 * share one stand-in: spatch tries every rule on every top-level item.
 * Top-level declarations, types and macros stay.  After spatch, the
 * original text goes back in place of the stand-ins.  A file whose parse
 * error spatch reports on a blank line (inside a stand-in) goes through
 * spatch again whole (src/spatch.c).
 *
 * Kept: a function whose body names a kmap-family call; the callers
 * of those that may hand a mapping to or from their callers (maps and
 * unmaps that differ in number, a map returned or right before a return,
 * an unmap first: the wrapper pairs and get-page helpers of 40-atomic and
 * 45-getpage pair a helper with its direct callers); and a function a
 * kept one names whose body does a CPU-local operation or tests the
 * context (40-atomic's cpu_fn, ctx_fn).
 */
#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

struct slice_cut {
	size_t orig, orig_len;	/* the body in the original text, braces excluded */
	size_t out, out_len;	/* its stand-in in the sliced text */
};

struct slice {
	struct buf text;	/* what spatch sees */
	struct slice_cut *cuts;
	size_t nr, alloc;
	size_t functions;	/* functions found */
	size_t blanked;		/* of them blanked, under nr stand-ins */
};

#define SLICE_INIT { BUF_INIT, NULL, 0, 0, 0, 0 }

/* Slice `text`; out->nr == 0 means spatch may as well see `text` itself. */
void slice_make(struct slice *out, const char *text, size_t len);
/*
 * The original of `converted`, spatch's result for out->text: each
 * stand-in back to its body.  -1 (no message) when a stand-in is not
 * found as it was written, in order; then the file must go through
 * spatch whole.
 */
int slice_restore(struct buf *out, const struct slice *s, const char *orig,
		  const char *converted, size_t converted_len);
void slice_release(struct slice *s);
/* Part of the cache key: raise it when what spatch sees of a file changes. */
#define SLICE_VERSION 6

/* Is slicing on?  KMAP_LOCAL_SLICE=0 turns it off (for A/B runs). */
bool slice_enabled(void);

#endif
