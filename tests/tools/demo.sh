#!/bin/sh
# demo.sh: run the main job on the bundled mini kernel tree.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
repo=$top/build/demo-repo
rm -rf "$repo"
"$top/tests/tools/make-mini-repo.sh" "$repo"
echo "== the mini kernel tree ($repo)"
git -C "$repo" log --oneline
echo
echo "== kmap-local scan: every site, its verdict and evidence"
"$bin" -C "$repo" scan
echo
echo "== kmap-local diff --stat"
"$bin" -C "$repo" diff --stat -q
echo
echo "== kmap-local diff (the dry run; it applies with git apply)"
"$bin" -C "$repo" diff --no-pager -q
"$bin" -C "$repo" diff --no-pager -q >"$top/build/demo.diff"
git -C "$repo" apply --check "$top/build/demo.diff"
echo "== the diff applies to the base (git apply --check): ok"
