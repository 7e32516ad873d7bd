#!/bin/sh
# maintainers-bench.sh OUT: `kmap-local maintainers` on 500 files of a
# scratch repository whose MAINTAINERS is hostile: 20 sections with F:
# globs of 40 stars and an N: regex that backtracks exponentially (they
# once took seconds per file).  Records OUT/maintainers-hostile.json.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
out=$1
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
a40=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
stars=$(printf '*a%.0s' $(seq 40))
git init -q "$repo"
mkdir -p "$repo/lib"
for i in $(seq 20); do
	printf 'HOSTILE %s\nM:\tH %s <h%s@example.org>\nF:\tlib/%s*b%s.c\nN:\t(a|a)*[dz]%s\n\n' \
		"$i" "$i" "$i" "$stars" "$i" "$i"
done >"$repo/MAINTAINERS"
for i in $(seq 500); do
	echo "int x$i;" >"$repo/lib/$a40$a40$i.c"
	echo "lib/$a40$a40$i.c"
done >"$repo/files"
git -C "$repo" add -A
GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@example.org GIT_COMMITTER_NAME=b \
GIT_COMMITTER_EMAIL=b@example.org git -C "$repo" commit -qm hostile
BENCH_OUT=$out python3 "$top/tests/bench/measure.py" maintainers-hostile /dev/null \
	sh -c '"$1" -C "$2" maintainers $(cat "$2/files") 2>/dev/null' - "$bin" "$repo"
