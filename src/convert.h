#ifndef KMAP_CONVERT_H
#define KMAP_CONVERT_H
/*
 * The front half of the pipeline, shared by every command:
 * repo (base tree, pathspecs) -> discover -> cache -> spatch -> cache.
 * Leaves one sorted file_result per candidate file.
 */
#include "repo.h"
#include "results.h"
#include "rules.h"

struct convert_opts {
	const char *cocci;
	struct strvec paths;
	int jobs;
	int timeout_sec;
};

struct convert_stats {
	size_t c_files;		/* C files under the pathspecs */
	size_t candidates;
	size_t discover_read, discover_from_worktree;
	size_t cached;
	size_t processed;	/* given to spatch this run */
};

int convert_run(struct results *out, struct convert_stats *stats, struct repo *r,
		struct rules *rules, const struct convert_opts *o);

#endif
