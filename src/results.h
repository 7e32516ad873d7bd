#ifndef KMAP_RESULTS_H
#define KMAP_RESULTS_H
/*
 * What the rules found in each candidate file: its sites (one verdict and
 * one sentence of evidence each), whether spatch could parse it all or ran
 * out of time, and the converted text when the rules changed it.
 * Results are kept sorted by path, so every output is deterministic.
 */
#include "buf.h"

#include "kmap_api.h"

#include <git2.h>
#include <stdbool.h>

/*
 * The verdict a rule set gives every call site it sees; any other verdict
 * for the same site supersedes it.
 */
#define VERDICT_CATCH_ALL "flag:no-rule"

struct site {
	unsigned line;
	unsigned col;		/* 0-based, as spatch reports it; 0 if unknown */
	char *function;
	char *verdict;		/* "local", "helper:memcpy_to_page", "flag:macro", ... */
	char *evidence;
	const struct kmap_call *call;	/* the map call at the site (set by verdicts) */
};

/* What a verdict does to its site; verdict_kind() is the one classifier. */
enum verdict_kind {
	VERDICT_LOCAL,			/* "local" */
	VERDICT_LOCAL_DISABLE,		/* "local+pagefault_disable", "local+preempt_disable" */
	VERDICT_HELPER,			/* "helper:<name>" */
	VERDICT_FLAG,			/* "flag:<reason>": left alone */
};

enum verdict_kind verdict_kind(const char *verdict);
/* Did the conversion change the site (any verdict but a flag)? */
bool verdict_converts(const char *verdict);

enum file_status {
	FILE_OK,
	FILE_UNPARSED,		/* spatch skipped code it could not parse */
	FILE_TIMEOUT,		/* spatch gave up on the file: nothing converted */
	FILE_FAILED,		/* spatch died on it */
	FILE_BINARY,		/* NUL bytes: not C text, never given to spatch */
};

struct file_result {
	char *path;
	git_oid id;
	size_t size;
	enum file_status status;
	char *reason;		/* one line, for status != FILE_OK */
	struct site *sites;
	size_t nr_sites, alloc_sites;
	bool changed;
	struct buf converted;	/* valid when changed */
	bool from_cache;
	unsigned *parse_errors;	/* lines spatch could not parse, as it reported them */
	size_t nr_parse_errors, alloc_parse_errors;
	size_t macro_parse_errors;	/* of those, in #define bodies (set by verdicts) */
	bool blank_parse_error;	/* spatch's bad line was blank: a slice's stand-in? */
	char *facts;		/* what the rules may know beyond the text (facts.h), or NULL */
	struct buf orig;	/* the blob's text (results_read()); empty if binary */
	git_blob *blob;		/* the blob, kept for the diff; NULL if binary */
	unsigned spatch_ms;	/* spatch's time on the file, this run or last; 0: unknown */
};

struct results {
	struct file_result *v;
	size_t nr, alloc;
};

const char *file_status_name(enum file_status s);
struct file_result *results_add(struct results *res, const char *path, const git_oid *id);
void file_result_add_site(struct file_result *f, unsigned line, const char *function,
			  const char *verdict, const char *evidence);
void file_result_add_site_at(struct file_result *f, unsigned line, unsigned col,
			     const char *function, const char *verdict, const char *evidence);
/*
 * A site record, "line[:col] TAB function TAB verdict TAB evidence", as the
 * rules report it after the file name and the cache stores it.  False (and
 * no site) when it has fewer fields.
 */
bool file_result_add_record(struct file_result *f, const char *record, size_t len);
/* Rank of a verdict when rules disagree about one site: lower wins. */
int verdict_rank(const char *verdict);
void file_result_set_status(struct file_result *f, enum file_status s, const char *reason);
void file_result_add_parse_error(struct file_result *f, unsigned line);
/*
 * Sort sites by position and keep one verdict per site (line and column):
 * rules fire once per path, and several flag rules may explain one site.
 * A conversion wins over any flag; among flags, verdict_rank() decides.
 */
void file_result_tidy(struct file_result *f);
/* Forget the sites (what spatch printed before it gave up on the file). */
void file_result_drop_sites(struct file_result *f);
void file_result_clear(struct file_result *f);
void results_sort(struct results *res);
/*
 * Read each result's blob, once for the whole run: its text is kept in
 * `orig` for every later stage (spatch, post-checks), and the blob itself
 * for the diff (release the results before the repository).  A blob with
 * NUL bytes gets FILE_BINARY instead (and no text): such a file is not C
 * text, so no stage reads it.  Its reason is fixed text, never the bytes.
 */
int results_read(struct results *res, git_repository *git);
void results_release(struct results *res);

#endif
