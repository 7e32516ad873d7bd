#ifndef KMAP_TRAILERS_H
#define KMAP_TRAILERS_H
/*
 * Review trailers carried forward on a re-roll.  Acked-by, Reviewed-by and
 * Tested-by on a series branch's commits (added by `b4 trailers -u` or by
 * hand) go onto the new commit of the same change (paired as range-diff
 * pairs them) when it changes the same lines; when the conversion changed
 * them, the trailers are dropped and the cover's "Changes in vN" says so.
 */
struct series_run;

/* Carry the trailers into run->messages; re-commit the series that got any. */
int trailers_carry(struct series_run *run);

#endif
