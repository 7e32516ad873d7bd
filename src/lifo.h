#ifndef KMAP_LIFO_H
#define KMAP_LIFO_H
/*
 * Local mappings are a stack.  For every function the conversion changed,
 * walk its statements (if/else arms, loops, gotos to labels, early
 * returns) with the stack of live mappings, kmap_atomic() ones included:
 *  - an unmap of the top entry pops it;
 *  - an unmap of the entry below the top, directly followed by the unmap of
 *    the top, is fixed by swapping the two statements (always equivalent);
 *  - any other disorder, or paths that reach one point with different
 *    stacks, makes the function keep its original text and its sites
 *    become flag:unmap-order;
 *  - more than 15 live mappings on a path make them flag:nesting>15.
 * A loop that maps an array and a later loop that unmaps it count as one
 * entry (the upstream idiom), whatever the array's length.
 */
#include "cscan.h"
#include "results.h"

/* Check and fix f->converted against the original text `orig`. */
void lifo_check(struct file_result *f, const char *orig, size_t len);
/* A converted text's tokens and functions, over a copy of the text. */
struct conv_scan {
	char *text;
	struct toks t;
	struct cfuncs fns;
};

void conv_scan_init(struct conv_scan *c, const struct buf *converted);
void conv_scan_release(struct conv_scan *c);

/*
 * lifo_check(), given the original's tokens and functions, and `conv`,
 * the scan of f->converted as it is now (NULL: scan it here).
 */
void lifo_check_scanned(struct file_result *f, const struct toks *orig,
			const struct cfuncs *ofn, const struct conv_scan *conv);

#endif
