#!/bin/sh
# discover: the candidates are the base tree's blobs; a blob the index
# says the work tree holds unchanged is read from its file instead, and
# nothing else of the work tree counts.
. "$(dirname "$0")/lib.sh"

# Old mtimes and an index made afresh from them: no entry is racily clean
# (update-index --refresh would keep an entry whose seconds still match).
settle () {
	find "$1" -path "$1/.git" -prune -o -type f -exec touch -d "2 hours ago" {} + &&
	rm -f "$1/.git/index" &&
	git -C "$1" reset -q
}

forget () {
	rm -rf "$1/.git/kmap-local/discover"
}

# scan -v of repo (discover memo removed first) said: every C file read,
# all but $1 of them from the work tree.
scan_reads_all_but () {
	forget repo &&
	kmap_local -C repo scan -v >out 2>err &&
	test_cmp expect out &&
	n=$(git -C repo ls-files "*.c" "*.h" | wc -l) &&
	grep "^discover read $n files, $((n - $1)) of them from the work tree\$" err
}

test_expect_success 'setup: the mini kernel, scanned from the object store' '
	make_mini_repo repo &&
	settle repo &&
	git -C repo clone -q --bare . ../bare.git &&
	kmap_local -C bare.git scan >expect 2>expect.err &&
	test -s expect
'

test_expect_success 'a clean work tree stands in for its blobs, with the same scan' '
	scan_reads_all_but 0
'

test_expect_success 'edited files are read from the object store' '
	sed -i "s/kmap/kfoo/g" repo/fs/minifs/file.c &&
	echo "static void *x(struct page *p) { return kmap_atomic(p); }" >>repo/mm/highmem-mini.c &&
	scan_reads_all_but 2
'

test_expect_success 'a staged change is not the base tree either' '
	touch -d "2 hours ago" repo/fs/minifs/file.c &&
	git -C repo add fs/minifs/file.c &&
	scan_reads_all_but 2 &&
	git -C repo checkout -q HEAD -- fs/minifs/file.c mm/highmem-mini.c
'

test_expect_success 'a racily clean entry is read from the object store' '
	settle repo &&
	touch repo/fs/minifs/dir.c &&
	git -C repo update-index -q --refresh &&
	touch -d "+1 hour" repo/fs/minifs/dir.c &&
	git -C repo update-index -q --refresh &&
	scan_reads_all_but 1
'

test_expect_success 'a filtered work tree (CRLF) is read from the object store' '
	settle repo &&
	echo "*.c text eol=crlf" >repo/.git/info/attributes &&
	rm repo/fs/minifs/file.c repo/fs/minifs/dir.c &&
	git -C repo checkout -q -- fs/minifs &&
	grep -q "$(printf "\\r")\$" repo/fs/minifs/file.c &&
	settle repo &&
	scan_reads_all_but 2
'

# spatch matches code only: the tokens in a comment or a string do not
# make a candidate, in a #define body they do.
test_expect_success 'a file naming kmap calls only in comments and strings is no candidate' '
	make_mini_repo notes &&
	kmap_local -C notes scan -v >out 2>err &&
	before=$(sed -n "s/^\([0-9]*\) candidate files of .*/\1/p" err) &&
	cat >notes/fs/minifs/notes.c <<-\EOF &&
	/* kmap_atomic(page) is gone from here; see kmap() */
	static const char *why = "no kmap_atomic(page) here";
	int notes(void) { return why[0]; } // kunmap(page)
	EOF
	cat >notes/fs/minifs/macro.h <<-\EOF &&
	#define MINI_MAP(p) kmap_atomic(p)
	EOF
	git -C notes add fs/minifs &&
	git -C notes -c user.name=t -c user.email=t@example.org commit -q -m notes &&
	kmap_local -C notes scan -v >out 2>err &&
	n=$(git -C notes ls-files "*.c" "*.h" | wc -l) &&
	grep "^$((before + 1)) candidate files of $n:" err &&
	kmap_local -C notes scan --json >notes.json &&
	! grep -q notes.c notes.json &&
	grep -q macro.h notes.json
'

test_done
