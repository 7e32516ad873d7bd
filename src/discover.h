#ifndef KMAP_DISCOVER_H
#define KMAP_DISCOVER_H
/*
 * Pick the candidate files: the C blobs of the base tree that contain one
 * of the rules' tokens as a whole identifier.  Blobs are read by `jobs`
 * threads, each with its own libgit2 handle.  What was learnt about a blob
 * is remembered under the git dir (keyed by blob id and token set), so a
 * second run reads only blobs it has not seen before.
 */
#include "repo.h"
#include "rules.h"

/* Keeps the entries of `files` that are candidates (sizes filled in). */
int discover(struct blob_list *files, struct repo *r, const struct rules *rules, int jobs);

/* Exposed for tests: does `data` contain `tok` as a whole identifier? */
int contains_identifier(const char *data, size_t len, const char *tok);

#endif
