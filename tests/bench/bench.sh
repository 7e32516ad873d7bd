#!/bin/sh
# bench.sh: wall time and peak RSS (summed over the process tree) on the
# Linux 6.1 repository, for
#   1. kmap-local diff, cold (no cache),
#   2. kmap-local diff, warm (everything cached),
#   3. one `spatch --dir` over the tree with the same semantic patches,
# then the ratios against the goals: cold <= 0.6 x spatch, warm <= 3 s,
# peak RSS <= 1 GiB.  Also git grep -l vs the discover stage.
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

rm -rf "$repo/.git/kmap-local"
$measure cold "$out/cold.diff" "$bin" -C "$repo" diff -q
$measure warm "$out/warm.diff" "$bin" -C "$repo" diff -q
test -s "$out/cold.diff" || { echo "error: the cold run produced no diff" >&2; exit 1; }
cmp -s "$out/cold.diff" "$out/warm.diff" || { echo "error: warm diff differs from cold" >&2; exit 1; }

set --
for f in "$cocci"/*.cocci; do set -- "$@" "$f"; done
test $# = 1 || echo "note: the baseline runs only the first of $# rule files"
scratch=$(mktemp -d)
git -C "$repo" archive HEAD | tar -x -C "$scratch"
# spatch recurses deeply on some generated headers; give it the stack it
# needs (with the default 8 MiB it died of a stack overflow on amdgpu's).
ulimit -s unlimited 2>/dev/null || true
$measure spatch-dir "$out/spatch.out" spatch --sp-file "$1" --dir "$scratch" \
	--no-includes --include-headers --max-width 100 --very-quiet
rm -rf "$scratch"

git -C "$repo" grep -l -e kmap HEAD -- '*.c' '*.h' >/dev/null  # warm the page cache
$measure git-grep /dev/null git -C "$repo" grep -l -e kmap_atomic -e kmap -e kunmap_atomic \
	-e kmap_atomic_prot -e kmap_atomic_pfn HEAD -- '*.c' '*.h'
rm -rf "$repo/.git/kmap-local/discover"
$measure discover+warm-spatch /dev/null "$bin" -C "$repo" scan -q

python3 "$top/tests/bench/report.py" "$out"
