#!/bin/sh
# bench.sh: wall time, CPU time and peak RSS (summed over the process tree)
# on the Linux 6.1 repository, for
#   1. kmap-local diff, cold (no cache, so no spatch times known either),
#      three times, each right after the naive conversion (5.),
#   2. kmap-local diff, warm (everything cached; three runs, the median),
#      and after a rebase that moves 10 candidate files
#      (tests/bench/rebase-bench.sh),
#   3. kmap-local series (split, commits, mail files; no checkpatch), warm,
#      and the same with the tree's checkpatch.pl,
#   4. kmap-local build of the whole tree's series on x86_64, i386 and arm
#      against one bare make of the same objects (tests/bench/build-bench.sh;
#      BENCH_BUILD_PATHS limits it to some paths, BENCH_SKIP_BUILD=1 skips it),
#   5. the naive conversion, `spatch --dir --jobs 2 --chunksize 1` of the
#      two-rule tests/bench/naive.cocci (kmap_atomic -> kmap_local_page,
#      kunmap_atomic -> kunmap_local), the floor for the cold run, and one
#      `spatch --dir` over the tree with kmap-local's own semantic patches
#      (about half an hour; BENCH_SKIP_SPATCH=1 skips that one),
#   6. kmap-local verify of a few subsystems' series, first run and cached
#      re-run (tests/bench/verify-bench.sh; BENCH_SKIP_VERIFY=1 skips it),
#   7. kmap-local maintainers on 500 files of a scratch repository with a
#      hostile MAINTAINERS (tests/bench/maintainers-bench.sh),
# then the ratios against the goals: cold <= 1.0 x the naive spatch, cold
# CPU / wall >= 0.9 x cores (both cores busy to the end), warm <= 0.6 s,
# the re-run after the rebase <= 0.1 x cold, peak RSS
# <= 1 GiB, series stage (series - warm diff) <= 5 s, hostile MAINTAINERS
# <= 2 s.  Also git grep -l vs the discover stage.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
cocci=${KMAP_LOCAL_COCCI_DIR:-$top/cocci}
repo=$("$top/tests/linux/setup-linux.sh")
out=${BENCH_OUT:-$top/bench-results}
mkdir -p "$out"
export BENCH_OUT="$out"
measure="python3 $top/tests/bench/measure.py"

echo "repository: $repo ($(git -C "$repo" rev-parse --short HEAD))"
echo "machine: $(nproc) cores, spatch $(spatch --version | sed -n 's/spatch version \([^ ]*\).*/\1/p')"
echo

# Cold: no spatch cache and no discover index.  The build checkout (src/)
# stays: removing it under a running build or verify (whose lock rm does
# not honour) breaks that run, and a new checkout would rebuild every
# kernel object of the cached build dirs.  Each cold run comes right after
# a naive spatch over the same tree, three times: this machine's speed
# drifts by 10-30 % within minutes, so only ratios taken back to back
# mean anything (report.py takes their median).
scratch=$(mktemp -d)
git -C "$repo" archive HEAD | tar -x -C "$scratch"
# spatch recurses deeply on some generated headers; give it the stack it
# needs (with the default 8 MiB it died of a stack overflow on amdgpu's).
ulimit -s unlimited 2>/dev/null || true
for i in 1 2 3; do
	$measure spatch-naive-$i "$out/spatch-naive.out" spatch \
		--sp-file "$top/tests/bench/naive.cocci" --dir "$scratch" --jobs 2 --chunksize 1 \
		--very-quiet
	rm -rf "$repo/.git/kmap-local/cache" "$repo/.git/kmap-local/discover" \
		"$repo/.git/kmap-local/facts"
	$measure cold-$i "$out/cold-$i.diff" "$bin" -C "$repo" diff -q
	cmp -s "$out/cold-1.diff" "$out/cold-$i.diff" ||
		{ echo "error: cold run $i gave another diff" >&2; exit 1; }
done
mv "$out/cold-1.diff" "$out/cold.diff"
rm -f "$out/cold-2.diff" "$out/cold-3.diff"
for i in 1 2 3; do
	$measure warm-$i "$out/warm.diff" "$bin" -C "$repo" diff -q
done
test -s "$out/cold.diff" || { echo "error: the cold run produced no diff" >&2; exit 1; }
cmp -s "$out/cold.diff" "$out/warm.diff" || { echo "error: warm diff differs from cold" >&2; exit 1; }
echo "$(nproc)" >"$out/cores"
sh "$top/tests/bench/rebase-bench.sh" "$repo" "$out"

# The series stage; its topic refs are removed again afterwards.
drop_bench_refs () {
	git -C "$repo" for-each-ref --format='%(refname)' refs/heads/kmap-local-bench \
		refs/tags/sent/kmap-local-bench | xargs -r -n1 git -C "$repo" update-ref -d
}
drop_bench_refs
rm -rf "$out/series" "$out/series-checkpatch"
export GIT_AUTHOR_NAME='kmap-local bench' GIT_AUTHOR_EMAIL='bench@example.org'
$measure series "$out/series.files" "$bin" -C "$repo" series -q --no-build --no-checkpatch \
	--topic kmap-local-bench/series -o "$out/series"
$measure series+checkpatch "$out/series-checkpatch.files" "$bin" -C "$repo" series -q --no-build \
	--topic kmap-local-bench/checkpatch -o "$out/series-checkpatch"
drop_bench_refs
echo "series: $(grep -c '/0000-cover-letter.patch$' "$out/series.files") series," \
	"$(grep -vc '/0000-cover-letter.patch$' "$out/series.files") patches"

# The build stage (BENCH_SKIP_BUILD=1 skips it; the first run prepares the
# build dirs, which it reports).
rm -f "$out/build.json"
if test "$BENCH_SKIP_BUILD" != 1; then
	sh "$top/tests/bench/build-bench.sh" "$repo" "$out"
fi

# The verify stage: i386 kernels under qemu (BENCH_SKIP_VERIFY=1 skips it).
if test "$BENCH_SKIP_VERIFY" != 1; then
	sh "$top/tests/bench/verify-bench.sh" "$repo" "$out"
fi

if test "$BENCH_SKIP_SPATCH" = 1; then
	echo '{"wall_s": 0, "peak_rss_mib": 0, "skipped": true}' >"$out/spatch-dir.json"
else
set --
for f in "$cocci"/*.cocci; do set -- "$@" "$f"; done
test $# = 1 || echo "note: the baseline runs only the first of $# rule files"
$measure spatch-dir "$out/spatch.out" spatch --sp-file "$1" --dir "$scratch" \
	--no-includes --include-headers --max-width 100 --very-quiet
fi
rm -rf "$scratch"

git -C "$repo" grep -l -e kmap HEAD -- '*.c' '*.h' >/dev/null  # warm the page cache
$measure git-grep /dev/null git -C "$repo" grep -l -e kmap_atomic -e kmap -e kunmap_atomic \
	-e kmap_atomic_prot -e kmap_atomic_pfn HEAD -- '*.c' '*.h'
rm -rf "$repo/.git/kmap-local/discover"
$measure discover+warm-spatch /dev/null "$bin" -C "$repo" scan -q

sh "$top/tests/bench/maintainers-bench.sh" "$out"

python3 "$top/tests/bench/report.py" "$out"
