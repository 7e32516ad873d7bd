#ifndef KMAP_FACTS_H
#define KMAP_FACTS_H
/*
 * What the rules may know of a candidate file beyond its own text, read
 * from the base tree.  One fact per line, tab-separated:
 *   callee NAME HEADER CALLS  a function defined in a header the file
 *                             includes, called in one of the file's
 *                             kmap_atomic() regions, and the functions its
 *                             body calls (comma-separated);
 *   up REASON                 the file is code of an architecture without
 *                             an SMP option: its kernels run on one CPU.
 * The rules decide what a fact means (cocci/10-sites.cocci).  Facts are
 * part of a file's cache key, so a changed header re-runs spatch on the
 * files that call into it.
 */
#include "repo.h"
#include "results.h"
#include "strvec.h"

/*
 * Set f->facts of every candidate that has any, from its text (f->orig,
 * results_read()) and the base tree.  With memo_dir, facts are
 * kept there between runs and read again while what they were read from
 * (the file, the headers tried, its arch/ directory) is unchanged.
 */
int facts_collect(struct results *res, struct repo *r, const char *memo_dir);
/*
 * Where kbuild would look for each #include of text, a file at path
 * `file`, in search order ("" after each #include's list): beside the
 * file for "name", then arch/<name>/include/ for arch code, then
 * include/ (include/asm-generic/ for <asm/...>).  Only tree paths of
 * [A-Za-z0-9_./+-] that stay inside the tree are listed.
 */
void facts_include_paths(struct strvec *out, const char *file, const char *text, size_t len);
/*
 * Write the facts of res->v[idx[i]] (i < nr) to path, each line after the
 * file's scratch name and a tab (spatch_scratch_name()).
 */
int facts_write(const char *path, const struct results *res, const size_t *idx, size_t nr);

#endif
