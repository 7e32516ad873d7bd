#ifndef KMAP_CFG_H
#define KMAP_CFG_H
/*
 * The control-flow graph of one function body, over cscan's tokens.
 * Nodes are the simple statements (a declaration or an expression up to
 * its ';'), the conditions of if/loop/switch, the points where paths meet
 * (after an if, after a loop or a switch, a case label, a goto label, a
 * loop's head), the returns, and one entry and one exit.  Edges carry
 * flags: which way a condition went, which arm of an if they leave, and
 * whether they go back (a loop's next iteration, a goto to an earlier
 * label).  Node 0 is the entry, node 1 the exit.
 *
 * Invariants: every edge joins two existing nodes; code no path reaches
 * has nodes but no edge into it; `deep` says statements nested deeper
 * than CFG_MAX_DEPTH were not built (the graph is then incomplete and
 * proves nothing).
 */
#include "cscan.h"

#include <stdbool.h>
#include <stddef.h>

#define CFG_MAX_DEPTH 1000

enum cfg_kind {
	CFG_ENTRY,
	CFG_EXIT,	/* the body's closing brace: falling off the end */
	CFG_STMT,	/* tokens [s0, s1], s1 its ';' */
	CFG_RETURN,	/* "return ...;", tokens [s0, s1] */
	CFG_COND,	/* the condition of an if, loop or switch: tokens [s0, s1) */
	CFG_JOIN,	/* the arms of an if meet; [s0, s1) is its condition */
	CFG_MEET,	/* after a loop or switch, a case label: paths meet */
	CFG_LABEL,	/* a goto label, token s0 */
	CFG_LOOP,	/* a loop's head: the way in and the ways back meet */
};

enum cfg_edge_flags {
	CFG_TRUE = 1 << 0,	/* leaves a condition that held */
	CFG_FALSE = 1 << 1,	/* leaves a condition that did not */
	CFG_THEN = 1 << 2,	/* into a join, from the if's first arm */
	CFG_ELSE = 1 << 3,	/* into a join, from the else arm (or no arm) */
	CFG_BACK = 1 << 4,	/* to a loop head or an earlier label */
	CFG_LEAVE = 1 << 5,	/* a loop's condition failing: out of the loop */
};

struct cfg_node {
	enum cfg_kind kind;
	size_t s0, s1;
	unsigned line;
	size_t at;		/* where it happens in the text: the order a walk visits it */
	int loop;		/* a loop's condition: its CFG_LOOP node; else -1 */
	size_t in0, nr_in;	/* its edges in, in cfg.in[] */
	size_t out0, nr_out;	/* its edges out, in cfg.out[] */
};

struct cfg_edge {
	int from, to;
	unsigned flags;
	size_t tok;		/* a goto's token, else 0 */
};

struct cfg {
	struct cfg_node *v;
	size_t nr, alloc;
	struct cfg_edge *e;
	size_t nr_e, alloc_e;
	size_t *in, *out;	/* edge indices by node, see in0/out0 */
	bool deep;
};

/* Build the graph of the body between the braces at tokens open and close. */
void cfg_build(struct cfg *out, const struct toks *t, size_t open, size_t close);
void cfg_release(struct cfg *g);
/* The k-th edge into / out of node n. */
const struct cfg_edge *cfg_in(const struct cfg *g, int n, size_t k);
const struct cfg_edge *cfg_out(const struct cfg *g, int n, size_t k);

#endif
