#!/bin/sh
# rebase-bench.sh REPO OUT: the cost of a re-run after a rebase.  A commit
# on top of HEAD changes 10 candidate files (a comment line inserted at
# the top of each, so every site moves); `kmap-local diff
# --base` of that commit then runs spatch on those 10 files only, the rest
# coming from the cache the cold and warm runs filled.  Three such commits
# (rebase-1..3); goal: the median <= 10 % of the cold run.  The commit is made with plumbing in a temporary index:
# the work tree, the index and every ref stay as they were (the commit is
# left as an unreachable object for git gc).
set -e
repo=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
measure="python3 $top/tests/bench/measure.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git -C "$repo" grep -l -e 'kmap_atomic(' HEAD -- '*.c' | sed 's/^HEAD://' | sort |
	awk 'NR % 16 == 1' | head -n 10 >"$tmp/files"
test "$(wc -l <"$tmp/files")" = 10 || { echo "error: fewer than 10 candidate files" >&2; exit 1; }

# A commit on HEAD whose 10 files start with the comment $1.
rebased_commit () {
	GIT_INDEX_FILE="$tmp/index" && export GIT_INDEX_FILE
	git -C "$repo" read-tree HEAD
	while read -r f; do
		git -C "$repo" show "HEAD:$f" |
			sed "1i /* $1 */" >"$tmp/blob"
		blob=$(git -C "$repo" hash-object -w "$tmp/blob")
		mode=$(git -C "$repo" ls-tree HEAD -- "$f" | cut -d' ' -f1)
		git -C "$repo" update-index --cacheinfo "$mode,$blob,$f"
	done <"$tmp/files"
	tree=$(git -C "$repo" write-tree)
	unset GIT_INDEX_FILE
	GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
		GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org \
		git -C "$repo" commit-tree -p HEAD -m 'bench: a rebase that moves 10 files' "$tree"
}

# Three rebases, each with blobs of its own (so none is cached), for the
# median: one run of under 2 s is at the mercy of this machine's drift.
# The conversion itself must not change: the same diff but for hunk line
# numbers and blob ids.
strip () { sed -e 's/^@@ [^@]* @@/@@/' -e '/^index /d' "$1"; }
strip "$out/warm.diff" >"$tmp/warm"
for i in 1 2 3; do
	commit=$(rebased_commit "rebased $i")
	$measure rebase-$i "$out/rebase.diff" "$bin" -C "$repo" diff -q --base "$commit"
	strip "$out/rebase.diff" >"$tmp/rebase"
	cmp -s "$tmp/warm" "$tmp/rebase" ||
		{ echo "error: the diff after the rebase differs from the warm one" >&2; exit 1; }
done
echo "rebase: 10 candidate files moved; same conversion"
