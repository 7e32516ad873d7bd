/*
 * The verdicts of the verify stage and how they are shown: text, JSON and
 * the one line a cover letter carries.
 */
#include "error.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

/* Does the splat's text name the function ("fn+0x12/0x40", "at fn")? */
static bool splat_names(const struct splat *s, const char *fn)
{
	size_t n = strlen(fn);

	for (const char *p = strstr(s->text, fn); p; p = strstr(p + 1, fn)) {
		bool start = p == s->text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
						 (p[-1] >= 'A' && p[-1] <= 'Z') ||
						 (p[-1] >= '0' && p[-1] <= '9'));

		if (start && (p[n] == '+' || p[n] == ' ' || p[n] == '\0' || p[n] == '\n' ||
			      p[n] == '('))
			return true;
	}
	return false;
}

static bool base_has(const struct boot *base, const struct splat *s)
{
	for (size_t i = 0; i < base->nr_splats; i++)
		if (!strcmp(base->splats[i].key, s->key))
			return true;
	return false;
}

static bool commit_selects(const struct verify_commit *vc, const struct workloads *w,
			   const char *name)
{
	struct strvec sel = STRVEC_INIT;
	bool hit;

	workloads_select(&sel, w, &vc->paths);
	hit = strvec_find(&sel, name) >= 0;
	strvec_clear(&sel);
	return hit;
}

/* A not-built commit's code is not in the tip: nothing there is its failure. */
static void fail(struct verify_commit *vc, const char *fmt, const char *arg)
{
	if (vc->status == VERIFY_NOT_BUILT)
		return;
	if (vc->status != VERIFY_FAILED)
		buf_reset(&vc->detail);
	vc->status = VERIFY_FAILED;
	buf_printf(&vc->detail, "%s", vc->detail.len ? "\n" : "");
	buf_printf(&vc->detail, fmt, arg);
}

/* A splat the base did not have: to the commits whose functions it names, else to all. */
static void judge_splat(struct verify_run *run, const struct splat *s)
{
	bool any = false;

	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];
		bool named = false;

		if (vc->status == VERIFY_NOT_BUILT)	/* its code is not in the tip */
			continue;

		for (size_t f = 0; f < vc->nr_fns; f++) {
			if (vc->fns[f].other_arch || !splat_names(s, vc->fns[f].name))
				continue;
			if (!named)
				fail(vc, "%s", s->text);
			buf_printf(&vc->detail, "\n(in %s)", vc->fns[f].name);
			vc->fns[f].in_splat = named = any = true;
		}
	}
	for (size_t i = 0; i < run->nr && !any; i++)
		fail(&run->v[i], "%s\n(the splat names no converted function of the range)",
		     s->text);
}

/* A splat of the tip's, new since the base and judged, in workload `name`. */
static bool new_splat_in(const struct boot *base, const struct boot *tip, const char *name)
{
	for (size_t i = 0; i < tip->nr_splats; i++)
		if (tip->splats[i].workload && !strcmp(tip->splats[i].workload, name) &&
		    !base_has(base, &tip->splats[i]) &&
		    strncmp(tip->splats[i].text, "Kernel panic", 12))
			return true;
	return false;
}

static void judge_results(struct verify_run *run, const struct workloads *w)
{
	const struct boot *base = &run->boots[0], *tip = &run->boots[1];

	for (size_t s = 0; s < run->workloads.nr; s++) {
		const char *name = run->workloads.v[s];
		const char *b = boot_result(base, name), *t = boot_result(tip, name);
		struct buf why = BUF_INIT;

		if (b && t && !strcmp(b, t))
			continue;
		/*
		 * A splat stopped it: that splat has failed the commits it
		 * names already; the other commits of the workload are not
		 * to blame for the missing result.
		 */
		if (b && !t && new_splat_in(base, tip, name))
			continue;
		buf_printf(&why, "workload %s: base %s, tip %s", name, b ? b : "(no result)",
			   t ? t : "(no result)");
		for (size_t i = 0; i < run->nr; i++)
			if (commit_selects(&run->v[i], w, name) || !strcmp(name, "boot"))
				fail(&run->v[i], "%s", why.ptr);
		buf_release(&why);
	}
}

/* A KUnit result bad on the tip (failed, did not finish) that was not on the base. */
static bool ktap_new_failure(const struct boot *base, const struct ktap_result *t)
{
	int b = ktap_status_of(&base->kunit, t->name);

	return (t->status == KTAP_FAIL || t->status == KTAP_INCOMPLETE) && b != KTAP_FAIL &&
	       b != KTAP_INCOMPLETE;
}

/* The one to name: none of its tests or parameters is a new failure too, and not named yet. */
static bool ktap_to_name(const struct boot *base, const struct boot *tip, size_t i)
{
	const char *name = tip->kunit.v[i].name;
	size_t n = strlen(name);

	for (size_t j = 0; j < tip->kunit.nr; j++) {
		const struct ktap_result *r = &tip->kunit.v[j];

		if (!strncmp(r->name, name, n) && r->name[n] == '.' && ktap_new_failure(base, r))
			return false;
		if (j < i && !strcmp(r->name, name) && ktap_new_failure(base, r))
			return false;
	}
	return true;
}

static bool any_ran(const struct verify_commit *vc)
{
	for (size_t f = 0; f < vc->nr_fns; f++)
		if (vc->fns[f].hits || vc->fns[f].in_splat)
			return true;
	return false;
}

/*
 * Whose is a suite: of the commits that chose it, those whose converted
 * code ran on the tip (code that never ran cannot have failed a test),
 * else all of them; else every commit with suites; else every commit.
 */
static void ktap_owners(bool *out, const struct verify_run *run, const char *suite)
{
	bool any = false;

	for (int pass = 0; pass < 4 && !any; pass++)
		for (size_t i = 0; i < run->nr; i++) {
			const struct verify_commit *vc = &run->v[i];
			bool chose = strvec_find(&vc->kunit_suites, suite) >= 0;

			out[i] = pass == 3 || (pass == 2 ? vc->kunit_symbols.nr > 0 :
					       chose && (pass == 1 || any_ran(vc)));
			any |= out[i];
		}
}

/* A KUnit test that failed or did not finish on the tip, not on the base, fails its owners. */
static void judge_kunit(struct verify_run *run)
{
	const struct boot *base = &run->boots[0], *tip = &run->boots[1];
	bool *owner = xcalloc(run->nr ? run->nr : 1, sizeof(*owner));

	for (size_t i = 0; i < tip->kunit.nr; i++) {
		const struct ktap_result *t = &tip->kunit.v[i];
		int b = ktap_status_of(&base->kunit, t->name);
		char *suite = xstrndup(t->name, strcspn(t->name, "."));
		struct buf why = BUF_INIT;

		if (!ktap_new_failure(base, t) || !ktap_to_name(base, tip, i))
			goto next;
		buf_printf(&why, "KUnit test %s %s on the tip (%s on the base)", t->name,
			   t->status == KTAP_FAIL ? "failed" : "did not finish",
			   b < 0 ? "not run" : ktap_status_name((enum ktap_status)b));
		if (t->diag)
			buf_printf(&why, "\n%s", t->diag);
		ktap_owners(owner, run, suite);
		for (size_t c = 0; c < run->nr; c++)
			if (owner[c])
				fail(&run->v[c], "%s", why.ptr);
next:
		buf_release(&why);
		free(suite);
	}
	free(owner);
}

/* The calls gcov counted in the function's own object (a .c file's). */
static bool gcov_hits(const struct boot *tip, struct verify_fn *fn)
{
	size_t n = strlen(fn->file);
	char *object;
	bool found;

	if (n < 3 || strcmp(fn->file + n - 2, ".c"))
		return false;
	object = xstrdup(fn->file);
	object[n - 1] = 'o';
	found = boot_gcov(tip, object, fn->name, &fn->hits) && fn->hits;
	free(object);
	return found;
}

static void count_hits(struct verify_run *run)
{
	const struct boot *tip = &run->boots[1];

	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];
		size_t ran = 0;

		for (size_t f = 0; f < vc->nr_fns && vc->status != VERIFY_NOT_BUILT; f++) {
			if (vc->fns[f].other_arch)	/* a namesake in x86 code is not it */
				continue;
			vc->fns[f].hits = boot_hits(tip, vc->fns[f].name);
			if (!vc->fns[f].hits)
				vc->fns[f].by_gcov = gcov_hits(tip, &vc->fns[f]);
			vc->fns[f].untraceable = strvec_find(&tip->untraceable, vc->fns[f].name) >= 0;
			ran += vc->fns[f].hits > 0 || vc->fns[f].in_splat;
		}
		if (vc->status == VERIFY_NOT_BUILT || vc->status == VERIFY_FAILED)
			continue;
		vc->status = ran ? VERIFY_OK : VERIFY_NOT_EXERCISED;
		if (!vc->nr_fns)
			buf_puts(&vc->detail, "the commit changes no function");
		else if (!ran && !tip->done)
			buf_puts(&vc->detail, "the tip boot ended before the workloads finished");
	}
}

/*
 * Part of a commit is not in the i386 tip kernel (`why`, after `lead`):
 * all of it makes the commit not-built, some of it only says so.
 */
static void left_out(struct verify_commit *vc, bool all, const char *lead, const char *why)
{
	if (all)
		vc->status = VERIFY_NOT_BUILT;
	buf_printf(&vc->detail, "%s%s%s%s", vc->detail.len ? "; " : "",
		   all ? "" : "only partly built: ", lead, why);
}

/* "KUnit suites not built: CONFIG_X=y (why)": the refused suites of the KUnit fallback. */
static void judge_refused_suites(struct verify_commit *vc, const struct strvec *refused)
{
	size_t n = 0;

	for (size_t r = 0; r < refused->nr; r++) {
		const char *sym = refused->v[r] + 7;
		char *name = xstrndup(sym, strcspn(sym, "="));

		if (strvec_find(&vc->kunit_symbols, name) >= 0)
			buf_printf(&vc->detail, "%s%s", n++ ? ", " : vc->detail.len ?
				   "; KUnit suites not built: " : "KUnit suites not built: ",
				   refused->v[r]);
		free(name);
	}
}

/*
 * A commit none of whose objects' symbols kconfig kept is not in the tip:
 * not-built.  One with some kept is judged by what of it was built; the
 * detail names what was left out.
 */
static void judge_refused(struct verify_run *run)
{
	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];
		struct buf why = BUF_INIT;
		size_t refused = 0;

		for (size_t r = 0; r < run->refused.nr; r++) {
			const char *sym = run->refused.v[r] + 7;
			char *name = xstrndup(sym, strcspn(sym, "="));

			if (strvec_find(&vc->symbols, name) >= 0) {
				buf_printf(&why, "%s%s", refused++ ? ", " : "", run->refused.v[r]);
			}
			free(name);
		}
		if (refused) {
			buf_puts(&why, ", which kconfig refused on i386");
			left_out(vc, refused == vc->symbols.nr, "needs ", why.ptr);
		}
		buf_release(&why);
	}
}

/* "arch/arm, arch/mips": the other arches whose code the commit changes. */
static size_t other_arches(struct buf *out, const struct verify_commit *vc)
{
	size_t n = 0;

	for (size_t p = 0; p < vc->paths.nr; p++) {
		const char *path = vc->paths.v[p];
		size_t len = verify_other_arch(path);
		bool seen = false;

		for (size_t q = 0; q < p && len && !seen; q++)
			seen = verify_other_arch(vc->paths.v[q]) == len &&
			       !strncmp(vc->paths.v[q], path, len);
		if (len && !seen)
			buf_printf(out, "%s%.*s", out->len ? ", " : "", (int)len, path);
		n += len != 0;
	}
	return n;
}

/*
 * Another arch's code is never in the i386 kernel: a commit that changes
 * only such code is not-built; one that changes x86 or common code too is
 * judged by its functions there, and the detail says what was left out.
 */
static void judge_other_arch(struct verify_run *run)
{
	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];
		struct buf arches = BUF_INIT;
		size_t other = other_arches(&arches, vc), built = 0;

		for (size_t f = 0; f < vc->nr_fns; f++) {
			vc->fns[f].other_arch = verify_other_arch(vc->fns[f].file) != 0;
			built += !vc->fns[f].other_arch;
		}
		if (other) {
			buf_puts(&arches, " code: verify boots i386 only");
			left_out(vc, other == vc->paths.nr || (vc->nr_fns && !built), "", arches.ptr);
		}
		buf_release(&arches);
	}
}

void verify_judge(struct verify_run *run, const struct workloads *w)
{
	const struct boot *base = &run->boots[0], *tip = &run->boots[1];

	judge_other_arch(run);
	judge_refused(run);
	for (size_t s = 0; s < tip->nr_splats; s++)
		if (!base_has(base, &tip->splats[s]) && strncmp(tip->splats[s].text, "Kernel panic", 12))
			judge_splat(run, &tip->splats[s]);
	if (base->done && !tip->done && !tip->nr_splats)
		for (size_t i = 0; i < run->nr; i++)
			fail(&run->v[i], "%s", tip->timed_out ? "the tip boot timed out" :
			     "the tip boot did not finish its workloads");
	else if (base->done && tip->done)
		judge_results(run, w);
	count_hits(run);
	judge_kunit(run);	/* after the counts: it blames code that ran first */
	for (size_t i = 0; i < run->nr; i++)
		judge_refused_suites(&run->v[i], &run->refused);
}

bool verify_any_failed(const struct verify_run *run)
{
	for (size_t i = 0; i < run->nr; i++)
		if (run->v[i].status == VERIFY_FAILED)
			return true;
	return false;
}

static bool wanted(const git_oid *id, const git_oid *only, size_t nr);

static void counts_of(const struct verify_run *run, const git_oid *only, size_t nr_only,
		      size_t *ran, size_t *all, size_t *failed)
{
	*ran = *all = *failed = 0;
	for (size_t i = 0; i < run->nr; i++) {
		if (!wanted(&run->v[i].id, only, nr_only))
			continue;
		*failed += run->v[i].status == VERIFY_FAILED;
		for (size_t f = 0; f < run->v[i].nr_fns; f++) {
			(*all)++;
			*ran += run->v[i].fns[f].hits > 0 || run->v[i].fns[f].in_splat;
		}
	}
}

static void counts(const struct verify_run *run, size_t *ran, size_t *all, size_t *failed)
{
	counts_of(run, NULL, 0, ran, all, failed);
}

static void summary_of(struct buf *out, const struct verify_run *run, const git_oid *only,
		       size_t nr_only)
{
	size_t ran, all, failed;

	counts_of(run, only, nr_only, &ran, &all, &failed);
	buf_printf(out, "converted functions exercised at run time: %zu of %zu; ", ran, all);
	if (failed)
		buf_printf(out, "%zu commit%s failed\n", failed, failed == 1 ? "" : "s");
	else
		buf_puts(out, "no warnings\n");
}

void verify_summary_line(struct buf *out, const struct verify_run *run)
{
	summary_of(out, run, NULL, 0);
}

static void indent(struct buf *out, const char *text, const char *pad)
{
	buf_puts(out, pad);
	for (const char *p = text; *p; p++) {
		buf_putc(out, *p);
		if (*p == '\n')
			buf_puts(out, pad);
	}
	buf_putc(out, '\n');
}

static void format_boot(struct buf *out, const char *label, const struct boot *b, double build_s,
			bool cached)
{
	buf_printf(out, "%s: build %s%.1f s, boot %.1f s%s%s, %zu splat%s", label,
		   cached ? "cached, " : "", build_s, b->seconds,
		   b->timed_out ? " (timed out)" : b->done ? "" : " (did not finish)",
		   b->panicked ? ", panicked" : "", b->nr_splats, b->nr_splats == 1 ? "" : "s");
	if (b->runs > 1)
		buf_printf(out, ", %d runs%s", b->runs,
			   b->panic_on_warn_off ? " (one without panic_on_warn)" : "");
	buf_putc(out, '\n');
}

/* "KUnit on the tip: 3 suites, 25 test cases: 24 ok, 1 failed, 0 skipped, 0 incomplete" */
static void format_kunit(struct buf *out, const char *label, const struct boot *b)
{
	size_t suites, cases, n[4];

	if (!b->kunit.nr)
		return;
	ktap_count(&b->kunit, &suites, &cases, n);
	buf_printf(out, "KUnit on the %s: %zu suite%s, %zu test case%s: %zu ok, %zu failed, "
		   "%zu skipped, %zu incomplete\n", label, suites, suites == 1 ? "" : "s", cases,
		   cases == 1 ? "" : "s", n[KTAP_PASS], n[KTAP_FAIL], n[KTAP_SKIP],
		   n[KTAP_INCOMPLETE]);
}

static void format_suites(struct buf *out, const struct verify_commit *vc)
{
	if (!vc->kunit_symbols.nr)
		return;
	buf_puts(out, "    KUnit suites:");
	for (size_t i = 0; i < vc->kunit_suites.nr; i++)
		buf_printf(out, "%s %s", i ? "," : "", vc->kunit_suites.v[i]);
	buf_puts(out, " (");
	for (size_t i = 0; i < vc->kunit_symbols.nr; i++)
		buf_printf(out, "%sCONFIG_%s", i ? ", " : "", vc->kunit_symbols.v[i]);
	buf_puts(out, ")\n");
}

static bool wanted(const git_oid *id, const git_oid *only, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (git_oid_equal(id, &only[i]))
			return true;
	return !only;
}

void verify_summary_json(struct buf *out, const struct verify_run *run)
{
	struct buf line = BUF_INIT;

	verify_summary_line(&line, run);
	buf_rtrim(&line);
	buf_json_string(out, line.ptr);
	buf_release(&line);
}

void verify_format(struct buf *out, const struct verify_run *run, const git_oid *only,
		   size_t nr_only)
{
	size_t n[4] = { 0 };

	buf_printf(out, "Verify on i386 HIGHMEM4G under qemu (TCG, -m 1024), base %.12s\n",
		   git_oid_tostr_s(&run->base));
	buf_puts(out, "Workloads:");
	for (size_t i = 0; i < run->workloads.nr; i++)
		buf_printf(out, " %s", run->workloads.v[i]);
	buf_putc(out, '\n');
	if (run->refused.nr) {
		buf_puts(out, "Refused by kconfig:");
		for (size_t i = 0; i < run->refused.nr; i++)
			buf_printf(out, " %s", run->refused.v[i]);
		buf_putc(out, '\n');
	}
	format_boot(out, "Base", &run->boots[0], run->build_s[0], run->build_cached[0]);
	format_boot(out, "Tip", &run->boots[1], run->build_s[1], run->build_cached[1]);
	format_kunit(out, "base", &run->boots[0]);
	format_kunit(out, "tip", &run->boots[1]);
	for (size_t i = 0; i < run->nr; i++) {
		const struct verify_commit *vc = &run->v[i];

		if (!wanted(&vc->id, only, nr_only))
			continue;
		n[vc->status]++;
		buf_printf(out, "%.12s %s\n  %s", git_oid_tostr_s(&vc->id), vc->subject,
			   verify_status_name(vc->status));
		buf_putc(out, '\n');
		for (size_t f = 0; f < vc->nr_fns; f++) {
			const struct verify_fn *fn = &vc->fns[f];

			buf_printf(out, "    %-32s ", fn->name);
			if (fn->hits)
				buf_printf(out, "ran %lu time%s%s\n", fn->hits, fn->hits == 1 ? "" : "s",
					   fn->by_gcov ? " (gcov)" : "");
			else if (fn->in_splat)
				buf_puts(out, "ran (in the splat's call trace)\n");
			else if (fn->other_arch)
				buf_puts(out, "not built (another arch's code)\n");
			else if (fn->untraceable)
				buf_puts(out, "not exercised (not traceable: inlined, notrace or"
					 " built without ftrace)\n");
			else
				buf_puts(out, "not exercised\n");
		}
		format_suites(out, vc);
		if (vc->detail.len)
			indent(out, vc->detail.ptr, "    | ");
	}
	buf_printf(out, "%zu ok, %zu failed, %zu not-exercised, %zu not-built\n", n[VERIFY_OK],
		   n[VERIFY_FAILED], n[VERIFY_NOT_EXERCISED], n[VERIFY_NOT_BUILT]);
	summary_of(out, run, only, nr_only);
}

/* ", "kunit": {counts, "not_ok": [names of cases that failed or did not finish]}" */
static void json_kunit(struct buf *out, const struct boot *b)
{
	size_t suites, cases, n[4], listed = 0;

	ktap_count(&b->kunit, &suites, &cases, n);
	buf_printf(out, ", \"kunit\": {\"suites\": %zu, \"cases\": %zu, \"ok\": %zu, "
		   "\"failed\": %zu, \"skipped\": %zu, \"incomplete\": %zu, \"not_ok\": [", suites,
		   cases, n[KTAP_PASS], n[KTAP_FAIL], n[KTAP_SKIP], n[KTAP_INCOMPLETE]);
	for (size_t i = 0; i < b->kunit.nr; i++) {
		const struct ktap_result *r = &b->kunit.v[i];

		if (r->status != KTAP_FAIL && r->status != KTAP_INCOMPLETE)
			continue;
		buf_puts(out, listed++ ? ", " : "");
		buf_json_string(out, r->name);
	}
	buf_puts(out, "]}");
}

static void json_boot(struct buf *out, const char *label, const struct boot *b, double build_s,
		      bool cached)
{
	buf_printf(out, "\"%s\": {\"build_seconds\": %.2f, \"build_cached\": %s, "
		   "\"boot_seconds\": %.2f, \"runs\": %d, \"panic_on_warn_off\": %s, "
		   "\"finished\": %s, \"timed_out\": %s, \"splats\": [",
		   label, build_s, cached ? "true" : "false", b->seconds, b->runs,
		   b->panic_on_warn_off ? "true" : "false", b->done ? "true" : "false",
		   b->timed_out ? "true" : "false");
	for (size_t i = 0; i < b->nr_splats; i++) {
		buf_puts(out, i ? ", " : "");
		buf_json_string(out, b->splats[i].text);
	}
	buf_puts(out, "], \"results\": ");
	buf_json_strings(out, &b->results);
	json_kunit(out, b);
	buf_puts(out, "}");
}

void verify_json(struct buf *out, const struct verify_run *run)
{
	size_t ran, all, failed;

	counts(run, &ran, &all, &failed);
	buf_printf(out, "{\"base\": \"%s\", \"arch\": \"i386\", \"workloads\": ",
		   git_oid_tostr_s(&run->base));
	buf_json_strings(out, &run->workloads);
	buf_puts(out, ", \"fragment\": ");
	buf_json_strings(out, &run->fragment);
	buf_puts(out, ", \"refused\": ");
	buf_json_strings(out, &run->refused);
	buf_puts(out, ", ");
	json_boot(out, "base_boot", &run->boots[0], run->build_s[0], run->build_cached[0]);
	buf_puts(out, ", ");
	json_boot(out, "tip_boot", &run->boots[1], run->build_s[1], run->build_cached[1]);
	buf_printf(out, ", \"functions\": %zu, \"exercised\": %zu, \"failed\": %zu, \"commits\": [",
		   all, ran, failed);
	for (size_t i = 0; i < run->nr; i++) {
		const struct verify_commit *vc = &run->v[i];

		buf_printf(out, "%s\n  {\"commit\": \"%s\", \"subject\": ", i ? "," : "",
			   git_oid_tostr_s(&vc->id));
		buf_json_string(out, vc->subject);
		buf_printf(out, ", \"status\": \"%s\", \"detail\": ", verify_status_name(vc->status));
		buf_json_string(out, vc->detail.ptr);
		buf_puts(out, ", \"kunit_symbols\": ");
		buf_json_strings(out, &vc->kunit_symbols);
		buf_puts(out, ", \"kunit_suites\": ");
		buf_json_strings(out, &vc->kunit_suites);
		buf_puts(out, ", \"functions\": [");
		for (size_t f = 0; f < vc->nr_fns; f++) {
			buf_puts(out, f ? ", " : "");
			buf_puts(out, "{\"name\": ");
			buf_json_string(out, vc->fns[f].name);
			buf_puts(out, ", \"file\": ");
			buf_json_string(out, vc->fns[f].file);
			buf_printf(out, ", \"hits\": %lu, \"counted_by\": \"%s\", \"in_splat\": %s, "
				   "\"traceable\": %s, \"built\": %s}", vc->fns[f].hits,
				   vc->fns[f].by_gcov ? "gcov" : "ftrace",
				   vc->fns[f].in_splat ? "true" : "false",
				   vc->fns[f].untraceable ? "false" : "true",
				   vc->fns[f].other_arch ? "false" : "true");
		}
		buf_puts(out, "]}");
	}
	buf_printf(out, "\n]%s%s%s}\n", run->keep_dir ? ", \"kept\": " : "", "", "");
	if (run->keep_dir) {
		buf_truncate(out, out->len - 2);
		buf_json_string(out, run->keep_dir);
		buf_puts(out, "}\n");
	}
}

void verify_run_release(struct verify_run *run)
{
	for (size_t i = 0; i < run->nr; i++) {
		struct verify_commit *vc = &run->v[i];

		for (size_t f = 0; f < vc->nr_fns; f++) {
			free(vc->fns[f].name);
			free(vc->fns[f].file);
		}
		free(vc->fns);
		free(vc->subject);
		strvec_clear(&vc->paths);
		strvec_clear(&vc->objects);
		strvec_clear(&vc->symbols);
		strvec_clear(&vc->kunit_symbols);
		strvec_clear(&vc->kunit_suites);
		buf_release(&vc->detail);
	}
	free(run->v);
	strvec_clear(&run->workloads);
	strvec_clear(&run->fragment);
	strvec_clear(&run->refused);
	boot_release(&run->boots[0]);
	boot_release(&run->boots[1]);
	free(run->builddir);
	free(run->keep_dir);
	*run = (struct verify_run)VERIFY_RUN_INIT;
}
