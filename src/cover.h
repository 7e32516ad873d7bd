#ifndef KMAP_COVER_H
#define KMAP_COVER_H
/*
 * The cover letter of a series (0000-cover-letter.patch): addressed to the
 * union of its patches' recipients, it carries the purpose, the patches
 * grouped by kind of conversion, the sites left for a human, the changes
 * since the previous version, checkpatch's findings, the build matrix, a
 * shortlog, the diffstat and base-commit:.  Written once checkpatch has run
 * over the patches.
 */
#include "series.h"

int cover_write(struct series *s, const struct series_run *run);

#endif
