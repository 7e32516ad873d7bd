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
echo
echo "== kmap-local series --dry-run: the planned patches, their To/Cc"
"$bin" -C "$repo" series --dry-run -q
echo
echo "== kmap-local series: one b4-style branch per series, each commit compile-checked for"
echo "   x86_64, i386 and arm (clang targets), mails under series/demo/"
rm -rf "$top/series/demo"
(
	cd "$top"
	GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-Demo User} \
	GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-demo@example.org} \
		"$bin" -C "$repo" series --topic demo --toolchain llvm -o series/demo
)
echo
echo "== the series branches and version tags (the work tree and HEAD are untouched)"
git -C "$repo" for-each-ref --format='%(refname:short)' refs/heads/demo refs/tags/sent/demo
echo
echo "== the minifs series branch: base, cover letter commit, patches"
git -C "$repo" log --oneline master..demo/minifs
echo
echo "== one of the mails: series/demo/minifs/0001-*.patch"
sed -n '1,/^---$/p' "$top"/series/demo/minifs/0001-*.patch
echo
echo "== the build matrix in the minifs cover letter"
sed -n '/^Build matrix/,/^$/p' "$top"/series/demo/minifs/0000-cover-letter.patch
echo "The series is in $top/series/demo/ (one directory per maintainer tree)."
