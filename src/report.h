#ifndef KMAP_REPORT_H
#define KMAP_REPORT_H
/*
 * What `scan` prints: one line per site, "file:line:function: verdict:
 * evidence", a line per file spatch could not fully handle, a summary that
 * counts verdicts and flag reasons, and the same data as JSON.
 */
#include "buf.h"
#include "convert.h"
#include "results.h"

void report_sites(struct buf *out, const struct results *res);
void report_file_notes(struct buf *out, const struct results *res);
void report_summary(struct buf *out, const struct results *res,
		    const struct convert_stats *stats);
void report_json(struct buf *out, const struct results *res,
		 const struct convert_stats *stats, const char *base);

#endif
