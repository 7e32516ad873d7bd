#ifndef KMAP_LIFO_H
#define KMAP_LIFO_H
/*
 * Local mappings are a stack.  For every function the conversion changed,
 * build its control-flow graph (cfg.h) and carry the stack of live
 * mappings, kmap_atomic() ones included, along every path to a fixed
 * point:
 *  - an unmap of the top entry pops it;
 *  - an unmap of the entry below the top, directly followed by the unmap of
 *    the top, is fixed by swapping the two statements (always equivalent);
 *  - where paths meet they must hold the same entries, but for one mapped
 *    under the if's own condition, or at a label (or a loop's head) one
 *    mapped on some paths only, which only a test of the pointer releases;
 *  - a local mapping into a plain variable that is live at a return (and
 *    not returned) or at the end leaks;
 *  - a test that finds the mapped pointer NULL pops it on that way;
 *  - the file's own wrappers, learnt from the converted text, are events:
 *    a call of a changed function that returns a local mapping's address
 *    maps (named by what it sets and by a page passed as "&page"), a call
 *    of one that only unmaps its argument unmaps, the way where IS_ERR()
 *    (or IS_ERR_OR_NULL()) of either name holds pops it, and such a
 *    mapping may not be live at any return;
 *  - anything else makes the function keep its original text and its sites
 *    become flag:unmap-order, the evidence naming the line;
 *  - more than 15 live mappings on a path make them flag:nesting>15;
 *  - a caller of a wrapper that keeps its original text takes back every
 *    changed function that is, or calls, a wrapper it calls (a wrapper's
 *    signature may have changed), their sites flag:unmap-order.
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
