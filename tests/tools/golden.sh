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

# A case is cases/<case>.c, or the path its file `path` names (code of an
# architecture, say); its directory `tree`, if any, holds more files of
# the tree (headers it includes, a Kconfig), copied to the top.
case_path() {
	if test -f "$1/path"; then cat "$1/path"; else echo "cases/$(basename "$1").c"; fi
}

mkdir -p "$out" "$work/repo/cases" "$work/repo/include/linux"
cp "$top"/tests/fixtures/mini-kernel/include/linux/*.h "$work/repo/include/linux/"
specs=cases
for d in "$cases"/*/; do
	path=$(case_path "$d")
	mkdir -p "$work/repo/$(dirname "$path")"
	cp "$d/input.c" "$work/repo/$path"
	test ! -d "$d/tree" || cp -R "$d/tree/." "$work/repo/"
	case $path in cases/*) ;; *) specs="$specs $path" ;; esac
done
git -C "$work/repo" init -q
git -C "$work/repo" add .
git -C "$work/repo" -c user.name=golden -c user.email=golden@example.org \
	commit -q -m "golden cases"
# shellcheck disable=SC2086 # $specs: paths without blanks
"$bin" -C "$work/repo" scan -q $specs >"$work/scan"
# shellcheck disable=SC2086
"$bin" -C "$work/repo" diff -q --no-pager $specs >"$work/diff"
test ! -s "$work/diff" || git -C "$work/repo" apply "$work/diff"
for d in "$cases"/*/; do
	name=$(basename "$d")
	path=$(case_path "$d")
	cp "$work/repo/$path" "$out/$name.c"
	grep "^$path:[0-9]" "$work/scan" |
		sed "s|^$path:||; s|^\([0-9]*:[^:]*: [^:]*\(:[^: ]*\)*\): .*|\1|" \
		>"$out/$name.report" || true
	grep "^$path:[0-9]" "$work/scan" | sed "s|^$path:||" \
		>"$out/$name.evidence" || true
done
