#ifndef KMAP_MAINTAINERS_H
#define KMAP_MAINTAINERS_H
/*
 * The MAINTAINERS file of the base tree, matched the way the kernel's
 * scripts/get_maintainer.pl (v0.26) matches it with
 * --nogit --nogit-fallback --norolestats --nokeywords -f:
 *
 *  - F:/X: globs become regexes ('.' literal, '*' -> '.*', '?' -> '.'),
 *    anchored at the start only (a glob with no other regex syntax is
 *    matched as such, without backtracking: linear in the path's length
 *    for a given pattern); a pattern ending in '/' matches below it,
 *    any other must have as many '/' as the path; a slashless pattern
 *    naming a directory of the base tree gains a '/';
 *  - a matching X: drops the whole section for that file;
 *  - each matching section gets a depth (the '/' count of its last
 *    matching pattern, +1 unless it ends in '/', -1 if it starts with '*';
 *    N: regexes give 0) and sections are used deepest first;
 *  - M:/R: go to To, L: to Cc (subscribers-only lists dropped), duplicate
 *    names or addresses are dropped, Linus is filtered out (so THE REST
 *    gives only its list), and the tree's .mailmap rewrites addresses.
 *
 * A malformed line is a warning with its line number.  Regexes run under
 * PCRE2 match and depth limits: one that would backtrack past them is a
 * warning (once per line) and matches nothing.  Not implemented:
 * K: keywords, git history, and the addresses get_maintainer.pl collects
 * from inside DT binding .yaml files.
 */
#include "buf.h"
#include "strvec.h"
#include <git2.h>
#include <stdbool.h>

struct maint_entry;

struct maint_section {
	char *name;
	unsigned line;			/* of the name, 1-based */
	struct maint_entry *v;
	size_t nr, alloc;
};

struct mailmap_entry;

struct maintainers {
	struct maint_section *v;
	size_t nr, alloc;
	struct mailmap_entry *map;
	size_t map_nr, map_alloc;
	bool missing;			/* no MAINTAINERS in the base tree */
	unsigned warnings;
};

/* One section that applies to a file, with the depth it matched at. */
struct maint_match {
	const struct maint_section *section;
	int depth;
};

struct maint_matches {
	struct maint_match *v;
	size_t nr, alloc;
};

/* Who gets a patch touching some files. */
struct recipients {
	struct strvec to;		/* "Name <address>", maintainers and reviewers */
	struct strvec cc;		/* lists */
};

#define MAINTAINERS_INIT { NULL, 0, 0, NULL, 0, 0, false, 0 }
#define RECIPIENTS_INIT { STRVEC_INIT, STRVEC_INIT }

/* Read MAINTAINERS and .mailmap from `tree`; a missing MAINTAINERS is a warning. */
int maintainers_load(struct maintainers *m, git_repository *git, git_tree *tree);
/* Parse MAINTAINERS text; `tree` (may be NULL) decides which names are directories. */
int maintainers_parse(struct maintainers *m, const char *text, size_t len, git_tree *tree);
void maintainers_parse_mailmap(struct maintainers *m, const char *text, size_t len);

/* The sections for `path`, deepest first (ties in file order). */
void maintainers_match(struct maint_matches *out, const struct maintainers *m, const char *path);
/* get_maintainer.pl -f path1 path2 ...: the union, in its order. */
void maintainers_recipients(struct recipients *out, const struct maintainers *m,
			    const char *const *paths, size_t nr);
/* The first T: (tree) line of a section, or NULL. */
const char *maint_section_tree(const struct maint_section *s);
/* The address part of "Name <address>". */
void recipient_address(struct buf *out, const char *formatted);

void maint_matches_release(struct maint_matches *mm);
void recipients_release(struct recipients *r);
void maintainers_release(struct maintainers *m);

#endif
