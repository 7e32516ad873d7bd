#ifndef KMAP_LIFO_FLOW_H
#define KMAP_LIFO_FLOW_H
/*
 * The flow of live mappings over one function's control-flow graph
 * (cfg.h), to a fixed point: the rules lifo.h states.  The result says
 * whether the maps and unmaps pair up in reverse order on every path, and
 * if not, why, naming the line of the first place in the text where they
 * do not; and which pairs of adjacent unmaps to swap when they do (byte
 * ranges of the text the tokens were scanned from, not overlapping).
 *
 * The file's own wrappers (struct lifo_wrappers) are map and unmap events
 * too: "addr = get(..., &page)" maps (named addr and page), "put(page,
 * addr)" unmaps whichever it names, the way where "IS_ERR(page)" (or
 * IS_ERR_OR_NULL()) holds maps nothing, and a wrapper's mapping may not
 * be live at a return.
 */
#include "cscan.h"

#include <stdbool.h>
#include <stddef.h>

#define LIFO_MAX_SWAPS 16

enum lifo_fail {
	LIFO_OK,
	LIFO_ORDER,	/* an unmap out of order that no swap fixes */
	LIFO_PATHS,	/* paths meet with different mappings */
	LIFO_LEAK,	/* a local mapping live at a return or at the end */
	LIFO_HELD,	/* a map wrapper's mapping live at a return or at the end */
};

#define LIFO_MAX_WRAPPERS 16

/*
 * The file's map wrappers (functions that return a local mapping's
 * address) and unmap wrappers (functions that only unmap an address they
 * are given), by name; the names are borrowed.
 */
struct lifo_wrappers {
	const char *map[LIFO_MAX_WRAPPERS];
	int nr_map;
	const char *unmap[LIFO_MAX_WRAPPERS];
	int nr_unmap;
};

struct lifo_swap {
	size_t a0, a1, b0, b1;	/* byte ranges of two statements */
};

struct lifo_flow {
	enum lifo_fail fail;
	char *detail;		/* "line 12: ..." when fail, or NULL */
	bool nesting;		/* more than 15 mappings live at once */
	bool deep;		/* nested too deep to build the graph */
	struct lifo_swap swaps[LIFO_MAX_SWAPS];
	int nr_swaps;
};

/* wr: the file's wrappers, or NULL. */
void lifo_flow_run(struct lifo_flow *out, const struct toks *t, const struct cfunc *fn,
		   const struct lifo_wrappers *wr);
void lifo_flow_release(struct lifo_flow *f);

#endif
