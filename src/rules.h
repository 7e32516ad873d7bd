#ifndef KMAP_RULES_H
#define KMAP_RULES_H
/*
 * The semantic patches and the spatch that runs them.
 *
 * rules_load() takes a .cocci file or a directory of them (one semantic
 * patch split by concern: rules_assemble() joins them in name order into
 * the one file spatch runs, so rules and Python state carry across files;
 * a kernel-macros.h there is spatch's --macro-file, the kernel constructs
 * it cannot parse alone), checks that spatch exists
 * and is 1.1 or newer, and hashes them; rules_analyse() checks every rule
 * file parses and works out the identifiers a C file must contain for the
 * rules to possibly match (a "// Tokens:" line, else spatch's own "Grep
 * query").  `hash` identifies rules + spatch version +
 * the flags we run spatch with: it is the cache key's rules part.
 */
#include "strvec.h"

struct rules {
	struct strvec files;
	char *sp_file;		/* what spatch runs: the one file, or them all assembled */
	size_t *starts;		/* with several files: the assembled line each begins at */
	char *macro_file;	/* <dir>/kernel-macros.h of a rules directory, or NULL */
	char *iso_file;		/* <dir>/kernel.iso of a rules directory, or NULL */
	struct strvec tokens;	/* empty: every C file is a candidate */
	char *spatch;		/* program name or path ($SPATCH or "spatch") */
	char *spatch_version;
	char hash[41];
};

#define RULES_INIT { STRVEC_INIT, NULL, NULL, NULL, NULL, STRVEC_INIT, NULL, NULL, "" }

/* The bundled cocci/ directory, or NULL if it cannot be found. */
const char *rules_default_dir(void);
int rules_load(struct rules *r, const char *cocci);
/* Join several rule files into `dir`/rules.cocci (one file is used as it is). */
int rules_assemble(struct rules *r, const char *dir);
/*
 * Check every rule file parses and find the candidate tokens.  What it
 * found is remembered in `memo` (a file named by the rules hash, so any
 * edit of the rules or spatch upgrade misses it); NULL: no memo.
 */
int rules_analyse(struct rules *r, const char *memo);
/* The spatch flags every run uses (part of the hash). */
void rules_spatch_flags(struct strvec *argv);
void rules_release(struct rules *r);

#endif
