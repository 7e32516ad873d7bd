#include "convert.h"
#include "cache.h"
#include "discover.h"
#include "error.h"
#include "facts.h"
#include "parallel.h"
#include "spatch.h"
#include "verdicts.h"

#include <stdlib.h>

static void take_candidates(struct results *out, struct blob_list *files)
{
	for (size_t i = 0; i < files->nr; i++) {
		struct file_result *f = results_add(out, files->v[i].path, &files->v[i].id);

		f->size = files->v[i].size;
	}
	results_sort(out);
}

static int load_cached(size_t **todo, size_t *nr_todo, struct results *res, struct cache *c)
{
	int ret = 0;

	*todo = xcalloc(res->nr + 1, sizeof(**todo));
	*nr_todo = 0;
	for (size_t i = 0; i < res->nr && ret >= 0; i++)
		if (res->v[i].status != FILE_BINARY && !(ret = cache_load(c, &res->v[i])))
			(*todo)[(*nr_todo)++] = i;
	return ret < 0 ? ret : 0;
}

static size_t count_cached(const struct results *res)
{
	size_t n = 0;

	for (size_t i = 0; i < res->nr; i++)
		n += res->v[i].from_cache;
	return n;
}

static int store_fresh(struct results *res, struct cache *c, const size_t *todo, size_t nr)
{
	int ret = 0;

	for (size_t i = 0; i < nr && !ret; i++)
		ret = cache_store(c, &res->v[todo[i]]);
	return ret;
}

static int finish_one(size_t i, void *arg)
{
	struct file_result *f = &((struct results *)arg)->v[i];

	if (f->status != FILE_BINARY)
		verdicts_finish(f, f->orig.ptr, f->orig.len);
	return 0;
}

/*
 * The C post-checks run on every result, cached or fresh: they are cheap,
 * but on a kernel they are most of a warm run, so each file runs on its own.
 */
static void finish_all(struct results *res, int jobs)
{
	parallel_for(res->nr, jobs, finish_one, res);
}

/* Facts do not depend on the rules: one memo for every rule set. */
static int collect_facts(struct results *res, struct repo *r)
{
	struct buf memo = BUF_INIT;
	int ret;

	if (!(ret = repo_state_dir(&memo, r, "facts")))
		ret = facts_collect(res, r, memo.ptr);
	buf_release(&memo);
	return ret;
}

static int analyse_rules(struct rules *rules, const struct cache *cache)
{
	struct buf memo = BUF_INIT;
	int ret;

	buf_printf(&memo, "%s/rules-tokens", cache->dir.ptr);
	ret = rules_analyse(rules, memo.ptr);
	buf_release(&memo);
	return ret;
}

int convert_run(struct results *out, struct convert_stats *stats, struct repo *r,
		struct rules *rules, const struct convert_opts *o)
{
	struct blob_list files = { 0 };
	struct cache cache = CACHE_INIT;
	struct spatch_opts so = { o->jobs, o->timeout_sec };
	struct discover_stats ds = { 0, 0 };
	size_t *todo = NULL, nr_todo = 0;
	struct spatch_pre *pre = NULL;
	const git_oid *tree = git_tree_id(r->base_tree);
	int ret;

	if ((ret = rules_load(rules, o->cocci)) < 0 ||
	    (ret = cache_open(&cache, r, rules)) < 0 ||
	    (ret = rules_assemble(rules, cache.dir.ptr)) < 0 ||
	    (ret = repo_walk_c_files(&files, r, &o->paths)) < 0 ||
	    (!cache_tree_seen(&cache, tree) &&
	     (ret = spatch_prestart(&pre, rules, &so, files.nr)) < 0) ||
	    (ret = analyse_rules(rules, &cache)) < 0)
		goto out;
	stats->c_files = files.nr;
	if ((ret = discover(&files, r, rules, o->jobs, &ds)) < 0)
		goto out;
	stats->discover_read = ds.read;
	stats->discover_from_worktree = ds.from_worktree;
	take_candidates(out, &files);
	stats->candidates = out->nr;
	if ((ret = results_read(out, r->git)) < 0 ||
	    (ret = collect_facts(out, r)) < 0 ||
	    (ret = load_cached(&todo, &nr_todo, out, &cache)) < 0 ||
	    (nr_todo && (ret = cache_load_times(&cache, out)) < 0))
		goto out;
	stats->cached = count_cached(out);
	stats->processed = nr_todo;
	ret = spatch_run(out, todo, nr_todo, rules, &so, pre);
	pre = NULL;
	if (ret < 0)
		goto out;
	if ((ret = store_fresh(out, &cache, todo, nr_todo)) < 0 ||
	    (ret = cache_store_times(&cache, out, todo, nr_todo)) < 0 ||
	    (ret = cache_note_tree(&cache, tree)) < 0)
		goto out;
	finish_all(out, o->jobs);
out:
	spatch_prestart_stop(pre);
	spatch_prestart_free(pre);
	free(todo);
	cache_release(&cache);
	blob_list_release(&files);
	return ret;
}
