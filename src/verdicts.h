#ifndef KMAP_VERDICTS_H
#define KMAP_VERDICTS_H
/*
 * The post-checks that finish a file's verdicts after spatch:
 *  - every kmap_atomic*()/kmap() call in the original text gets a site:
 *    one spatch never saw is flag:macro (in a #define; the function is
 *    the macro's name) or flag:unparsed (spatch could not parse the code
 *    around it), and a site spatch reported on a #define line is a macro;
 *  - the LIFO check (lifo.h) on what the rules converted.
 * Sites end sorted, one verdict each.
 */
#include "results.h"

void verdicts_finish(struct file_result *f, const char *orig, size_t len);

#endif
