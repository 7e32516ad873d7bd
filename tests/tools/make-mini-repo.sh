#!/bin/sh
# make-mini-repo.sh DIR: script the bundled mini kernel tree into a git
# repository at DIR, with a short history under fixed identities and dates
# (so every run gives the same commit ids).
set -e
dir=$1
src=$(cd "$(dirname "$0")/../fixtures/mini-kernel" && pwd)
test -n "$dir" || { echo "usage: $0 DIR" >&2; exit 129; }

export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.org'
export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.org'
tick=1234567890

commit () {
	tick=$((tick + 60))
	GIT_AUTHOR_DATE="@$tick +0000" GIT_COMMITTER_DATE="@$tick +0000" \
		git -C "$dir" commit -q -m "$1" -m "$2"
}

add () {
	for p in "$@"; do
		mkdir -p "$dir/$(dirname "$p")"
		cp -R "$src/$p" "$dir/$(dirname "$p")/"
		git -C "$dir" add "$p"
	done
}

git init -q -b master "$dir"
git -C "$dir" config core.autocrlf false
add MAINTAINERS .mailmap Makefile Kconfig scripts arch include lib fs/Makefile drivers/Makefile
commit "Initial import of the test tree" "The headers stand in for the kernel's highmem API."
add fs/minifs
commit "minifs: add block and directory helpers" "They map pages with kmap_atomic() and kmap()."
add drivers/md
commit "md/raid-mini: add xor and check" "Parity helpers that nest two atomic maps."
add drivers/block
commit "block: add ramdisk-mini" "A toy RAM disk with a per-CPU counter."
add mm
commit "mm/highmem: add prot and pfn peeks" "Exercise kmap_atomic_prot() and kmap_atomic_pfn()."
