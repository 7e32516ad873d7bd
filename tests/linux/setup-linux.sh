#!/bin/sh
# setup-linux.sh [VERSION]: print the path of a git repository holding
# Debian's linux-source-VERSION (6.1 when not given; 6.12 is the other one
# Debian 12 has), making it first if needed (install the package, unpack it
# into the cache directory, commit every file with a fixed identity).
# Debian's top-level .gitignore ignores everything, hence `git add -f`.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
version=${1:-6.1}
sh "$top/tests/tools/install-deps.sh" linux-source-$version git xz-utils >&2
tarball=/usr/src/linux-source-$version.tar.xz
base=${KMAP_LOCAL_LINUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmap-local/linux}
cache=$base
test "$version" = 6.1 || cache=$base/$version
repo=$cache/linux-source-$version
stamp=$cache/.ready-$(stat -c %s-%Y "$tarball")

if test -f "$stamp" && git -C "$repo" rev-parse -q --verify HEAD >/dev/null; then
	echo "$repo"
	exit 0
fi
echo "unpacking $tarball into $cache (once)" >&2
rm -rf "$repo" "$cache"/.ready-*
mkdir -p "$cache"
tar -xJf "$tarball" -C "$cache"
git -C "$repo" init -q
git -C "$repo" add -f .
GIT_AUTHOR_NAME='kmap-local' GIT_AUTHOR_EMAIL='kmap-local@example.org' \
GIT_COMMITTER_NAME='kmap-local' GIT_COMMITTER_EMAIL='kmap-local@example.org' \
GIT_AUTHOR_DATE='2023-01-01T00:00:00Z' GIT_COMMITTER_DATE='2023-01-01T00:00:00Z' \
	git -C "$repo" commit -q -m "Linux $version from Debian's linux-source-$version"
touch "$stamp"
echo "$repo"
