#ifndef KMAP_VERIFY_H
#define KMAP_VERIFY_H
/*
 * The verify stage: run converted code on an i386 HIGHMEM kernel under
 * qemu and prove that it ran.
 *
 * For the commits of a range: the converted functions of each commit
 * (the functions around its diff's hunks), the workloads its paths select
 * (verify/<name>.workload, extended by --workloads DIR), a config fragment
 * (the kmap debug options, the function profiler, the objects' and the
 * workloads' Kconfig symbols) checked in .config after olddefconfig, the
 * base and the tip built in the cached build dir (under the build lock;
 * a re-run whose two kernels are built takes no lock), each booted under
 * qemu-system-i386 (TCG, -m 1024) with an initramfs whose /init is
 * verify/init.c on the tree's nolibc.  The console says which converted
 * functions ran and how often (the function profiler), what each workload
 * read back, and any WARN/BUG/lockdep splat.
 *
 * Per commit: ok (its converted functions ran, no splat the base did not
 * have, the same workload results), failed (the splat and the function),
 * not-exercised (none of its converted functions ran), not-built (why).
 *
 * The parsers (workload files, console logs) take text and never fail on
 * it: what they cannot read they skip or report.
 */
#include "buf.h"
#include "kunit.h"
#include "repo.h"
#include "strvec.h"
#include <stdbool.h>

/* One verify/<name>.workload file. */
struct workload {
	char *name;
	char *file;
	struct strvec paths;	/* path prefixes that select it; "*" for the fallback */
	struct strvec config;	/* "EXT2_FS=y" */
	struct strvec cmdline;	/* extra kernel parameters */
	struct strvec mkfs;	/* argv; "@IMAGE" is the disk image */
	struct strvec fsck;	/* argv run on the image after the boot */
	struct strvec kunit;	/* KUnit suite symbol patterns: the KUnit fallback */
	unsigned disk_mb;	/* 0: no disk */
	char *run;		/* "fs ext2": the init action and its arguments */
};

struct workloads {
	struct workload *v;
	size_t nr, alloc;
};

#define WORKLOADS_INIT { NULL, 0, 0 }

/*
 * Read one workload file's text; `name` is its file name without
 * ".workload".  An unknown key or a bad value is an error naming the line.
 */
int workload_parse(struct workload *out, const char *name, const char *file, const char *text);
/* Every *.workload of `dir`, then of `extra` (NULL: none), which win by name. */
int workloads_load(struct workloads *out, const char *dir, const char *extra);
/*
 * The workloads some path selects (in table order); the fallback if none.
 * A workload with a "kunit" line is never selected by path: verify adds
 * it when it finds KUnit suites for code no other workload covers.
 */
void workloads_select(struct strvec *names, const struct workloads *w, const struct strvec *paths);
/* Does a workload other than the fallbacks select `path`? */
bool workloads_cover(const struct workloads *w, const char *path);
/* The KUnit fallback (the workload with a "kunit" line), or NULL. */
const struct workload *workloads_kunit(const struct workloads *w);
const struct workload *workloads_find(const struct workloads *w, const char *name);
void workloads_release(struct workloads *w);

/* The kernel options every verify kernel has, "SYMBOL=y|n". */
extern const char *const verify_base_config[];
/*
 * The fragment: verify_base_config, then the selected workloads' symbols,
 * then `objects` (symbols that build the converted objects) as =y, each
 * symbol once (the first setting wins).
 */
void verify_fragment(struct strvec *out, const struct workloads *w, const struct strvec *selected,
		     const struct strvec *objects);
/* The fragment's "SYM=v" entries a .config text does not hold, as "CONFIG_SYM=v". */
void verify_refused(struct strvec *out, const char *config, const struct strvec *fragment);

/* What one boot's console said. */
struct splat {
	char *key;		/* the header without numbers: compares base and tip */
	char *text;		/* the header and the lines after it (at most 16) */
	char *workload;		/* the workload init had begun last, or NULL */
};

struct fn_hits {
	char *name;
	unsigned long hits;
};

/* One object's gcov counters as init printed them: the last dump of a run. */
struct gcda {
	char *path;		/* in the guest: /sys/kernel/debug/gcov/<build dir>/<obj>.gcda */
	int run;		/* the qemu run that printed it */
	size_t want;		/* the length init gave: data is whole when it has as much */
	struct buf data;
};

/* What the host's gcov read in one object's counters: a function's calls. */
struct gcov_count {
	char *object;		/* "fs/ext2/dir.o" */
	char *name;
	unsigned long count;
};

struct boot {
	struct splat *splats;
	size_t nr_splats, alloc_splats;
	struct fn_hits *hits;
	size_t nr_hits, alloc_hits;
	struct strvec untraceable;
	struct strvec results;	/* "NAME ok|fail DIGEST [what]" */
	struct strvec begun;	/* the workloads init began */
	char *current;		/* the last one it began (splats happen in it) */
	bool init_ran;		/* the initramfs's init printed its first line */
	bool done;		/* ... and its last */
	bool panicked;
	bool timed_out;
	bool panic_on_warn_off;	/* a boot ran without panic_on_warn=1 */
	double seconds;		/* of all its qemu runs */
	int runs;		/* qemu runs: more when the kernel stopped early */
	struct gcda *gcda;	/* counters of the profiled objects */
	size_t nr_gcda, alloc_gcda;
	size_t gcda_open;	/* the one being printed, + 1 (0: none) */
	struct gcov_count *gcov;
	size_t nr_gcov, alloc_gcov;
	struct ktap_results kunit;	/* the KTAP of built-in KUnit suites, of every run */
};

#define BOOT_INIT { NULL, 0, 0, NULL, 0, 0, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, NULL, false, \
		    false, false, false, false, 0, 0, NULL, 0, 0, 0, NULL, 0, 0, KTAP_RESULTS_INIT }

void verify_parse_console(struct boot *out, const char *console);
/* One "name hits ..." line of trace_stat/function<N>, added to the counts. */
bool verify_parse_profile_line(struct boot *b, const char *line);
unsigned long boot_hits(const struct boot *b, const char *function);
/* Add the host's gcov count of `function` in `object`. */
void boot_add_gcov(struct boot *b, const char *object, const char *function,
		   unsigned long count);
/* The gcov count of `function` in `object`; false if gcov did not see it. */
bool boot_gcov(const struct boot *b, const char *object, const char *function,
	       unsigned long *out);
/* The result line of workload `name`, or NULL. */
const char *boot_result(const struct boot *b, const char *name);
/* The workloads of `selected` that no run of the boot has begun. */
void boot_remaining(struct strvec *out, const struct boot *b, const struct strvec *selected);
void boot_release(struct boot *b);

/* The command's options. */
struct verify_opts {
	const char *base;
	const char *arch;
	const char *workloads;	/* --workloads DIR */
	const char *dir;	/* the bundled table (verify/) */
	bool keep;
	bool json;
	int jobs;
	int timeout;		/* seconds per boot */
};

enum verify_status { VERIFY_OK, VERIFY_FAILED, VERIFY_NOT_EXERCISED, VERIFY_NOT_BUILT };

struct verify_fn {
	char *name;
	char *file;
	unsigned long hits;
	bool untraceable;
	bool in_splat;		/* named in a splat's call trace: it ran */
	bool other_arch;	/* in another arch's code: not in the i386 kernel */
	bool by_gcov;		/* counted by gcov (ftrace saw no call) */
};

struct verify_commit {
	git_oid id;
	char *subject;
	struct strvec paths;
	struct strvec objects;
	struct strvec symbols;	/* Kconfig symbols that build the objects */
	struct verify_fn *fns;
	size_t nr_fns, alloc_fns;
	enum verify_status status;
	struct buf detail;
	struct strvec kunit_symbols;	/* the KUnit fallback's suites for its code */
	struct strvec kunit_suites;	/* ... and their names */
};

struct verify_run {
	struct verify_commit *v;
	size_t nr, alloc;
	git_oid base;
	struct strvec workloads;	/* selected */
	struct strvec fragment;
	struct strvec refused;		/* "CONFIG_X=y" not held after olddefconfig */
	struct boot boots[2];		/* base, tip */
	double build_s[2];
	bool build_cached[2];
	char *builddir;
	char *keep_dir;
};

#define VERIFY_RUN_INIT { NULL, 0, 0, { { 0 } }, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, \
			  { BOOT_INIT, BOOT_INIT }, { 0, 0 }, { false, false }, NULL, NULL }

const char *verify_status_name(enum verify_status s);
/*
 * The length of "arch/X" when `path` is code of an arch other than x86,
 * which the i386 kernel verify boots never builds; else 0.
 */
size_t verify_other_arch(const char *path);
/* Read the commits and find their converted functions and objects. */
int verify_collect(struct verify_run *run, struct repo *r, const git_oid *commits, size_t nr);
/* Build, boot and judge: the whole stage. */
int verify_run(struct verify_run *run, struct repo *r, const struct verify_opts *o);
/*
 * The objects make failed to build: the "foo/bar.o" of each
 * "make[N]: *** [...: foo/bar.o] Error N" line of its stderr.
 */
void verify_failed_objects(struct strvec *out, const char *make_err);
/*
 * Mark not-built, with `why`, the commits (not yet not-built) that
 * change one of `objects`; how many were marked.
 */
size_t verify_drop_commits(struct verify_run *run, const struct strvec *objects, const char *why);
/* Give each commit its verdict from the two boots. */
void verify_judge(struct verify_run *run, const struct workloads *w);
/* The text report; `only` (nr_only of them; NULL: all) picks the commits shown. */
void verify_format(struct buf *out, const struct verify_run *run, const git_oid *only,
		   size_t nr_only);
void verify_json(struct buf *out, const struct verify_run *run);
/* "converted functions exercised at run time: N of M; no warnings" */
void verify_summary_line(struct buf *out, const struct verify_run *run);
/* The same line as a JSON string. */
void verify_summary_json(struct buf *out, const struct verify_run *run);
bool verify_any_failed(const struct verify_run *run);
void verify_run_release(struct verify_run *run);

#endif
