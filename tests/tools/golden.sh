#!/bin/sh
# golden.sh OUTDIR [CASEDIR]: run kmap-local over every golden case of
# tests/cocci (one repository, one run) and write, per case, OUTDIR/<case>.c
# (the converted file, or the input if nothing changed) and
# OUTDIR/<case>.report ("LINE:FUNCTION: VERDICT" per site) and
# OUTDIR/<case>.evidence (the same with the evidence).
# t5000-golden.sh compares them with expected.c, expected.report and, where
# a case has one, expected.evidence;
# `tests/tools/golden.sh DIR` plus a review is how a case's expectation is
# (re)made.
set -e
out=$1
cases=${2:-$(cd "$(dirname "$0")/../cocci" && pwd)}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$out" "$work/repo/cases" "$work/repo/include/linux"
cp "$top"/tests/fixtures/mini-kernel/include/linux/*.h "$work/repo/include/linux/"
for d in "$cases"/*/; do
	name=$(basename "$d")
	cp "$d/input.c" "$work/repo/cases/$name.c"
done
git -C "$work/repo" init -q
git -C "$work/repo" add .
git -C "$work/repo" -c user.name=golden -c user.email=golden@example.org \
	commit -q -m "golden cases"
"$bin" -C "$work/repo" scan -q cases >"$work/scan"
"$bin" -C "$work/repo" diff -q --no-pager cases >"$work/diff"
test ! -s "$work/diff" || git -C "$work/repo" apply "$work/diff"
for d in "$cases"/*/; do
	name=$(basename "$d")
	cp "$work/repo/cases/$name.c" "$out/$name.c"
	grep "^cases/$name\.c:[0-9]" "$work/scan" |
		sed "s|^cases/$name\.c:||; s|^\([0-9]*:[^:]*: [^:]*\(:[^: ]*\)*\): .*|\1|" \
		>"$out/$name.report" || true
	grep "^cases/$name\.c:[0-9]" "$work/scan" | sed "s|^cases/$name\.c:||" \
		>"$out/$name.evidence" || true
done
