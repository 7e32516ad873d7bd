#!/bin/sh
# The review cycle, as a kernel developer runs it with b4 and git:
# v1 of three series, trailers from a reply folded in with the real
# `b4 trailers -u` (offline), a new history commit that changes a subject
# prefix, a re-roll of only the series that changed, `b4 prep` on every
# branch and `git send-email --dry-run` on the written mails.
. "$(dirname "$0")/lib.sh"

# b4 finds the cover letter commit only among commits of the last year.
export GIT_AUTHOR_DATE="@$(($(date +%s) - 3600)) +0000"
TOPIC=review
B4="b4 --offline-mode --no-stdin -n"

refs () {
	git -C repo for-each-ref --format='%(refname) %(objectname)' "$@"
}

# send_dry DIR: git send-email --dry-run over one series; the log it prints.
send_dry () {
	git -C repo send-email --dry-run --no-thread --confirm=never --8bit-encoding=UTF-8 \
		--from="A U Thor <author@example.org>" --smtp-server=/bin/false \
		"$PWD"/$1/*.patch
}

test_expect_success 'v1 of three series, each on its own b4 branch' '
	make_mini_repo repo &&
	git -C repo config user.name "A U Thor" &&
	git -C repo config user.email author@example.org &&
	kmap_local -C repo series --no-build --topic $TOPIC >files 2>err &&
	grep -q "^  block v1: " err && grep -q "^  minifs v1: " err &&
	grep -q "^  mm-highmem v1: " err &&
	grep -q "^    send: git send-email --no-thread series/$TOPIC/v1/minifs/\*.patch$" err &&
	refs refs/heads/$TOPIC refs/tags/sent >v1.refs &&
	test "$(wc -l <v1.refs)" = 6 &&
	for s in block minifs mm-highmem; do
		git -C repo checkout -q $TOPIC/$s &&
		(cd repo && $B4 prep --show-info) >info 2>&1 &&
		grep -q "^revision: 1$" info &&
		grep -q "^change-id: [0-9]\{8\}-$s-[0-9a-f]\{12\}$" info &&
		grep -q "^series-v1: " info || return 1
	done &&
	git -C repo checkout -q master
'

test_expect_success 'b4 send writes the series from its branch, to its recipients' '
	git -C repo config sendemail.smtpserver /bin/false &&
	git -C repo checkout -q $TOPIC/minifs &&
	(cd repo && $B4 send --no-sign -o ../b4-out) >b4send.out 2>&1 &&
	git -C repo checkout -q master &&
	test "$(ls b4-out | wc -l)" = 3 &&
	grep -q "^To: .*Ada Maintainer <ada@example.org>" b4-out/0000-* &&
	grep -q "linux-fsdevel@example.org" b4-out/0001-* &&
	grep -q "^Subject: \[PATCH 1/2\] minifs: Convert" b4-out/0001-* &&
	git -C repo checkout -q $TOPIC/mm-highmem &&
	(cd repo && $B4 send --no-sign -o ../b4-one) >b4send.out 2>&1 &&
	git -C repo checkout -q master &&
	test "$(ls b4-one | wc -l)" = 1 &&
	sed -n "/^Signed-off-by:/,/^ mm\//p" b4-one/* >b4.below &&
	sed -n "/^Signed-off-by:/,/^ mm\//p" series/$TOPIC/v1/mm-highmem/0001-*.patch >ours.below &&
	grep -q "^This patch converts 2 call sites" ours.below &&
	test_cmp b4.below ours.below
'

test_expect_success 'report.json records the Message-Id of every mail' '
	python3 - series/$TOPIC/v1 <<-\PY
	import json, sys, re
	d = sys.argv[1]
	r = json.load(open(d + "/report.json"))
	n = 0
	for s in r["series"]:
	    files = [p["file"] for p in s["patches"]]
	    ids = [p["message_id"] for p in s["patches"]]
	    if s["cover"] is None:
	        assert len(files) == 1 and s["message_id"] == ids[0], s
	    else:
	        files, ids = [s["cover"]] + files, [s["message_id"]] + ids
	    for f, i in zip(files, ids):
	        text = open(d + "/" + f).read()
	        assert re.search("(?m)^Message-ID: " + re.escape(i) + "$", text), (f, i)
	        n += 1
	assert n == 7, n
	PY
'

test_expect_success 'git send-email --dry-run takes each series, threaded to its cover' '
	for s in block minifs mm-highmem; do
		send_dry series/$TOPIC/v1/$s >sent.$s 2>&1 || { cat sent.$s; return 1; }
		first=$(ls series/$TOPIC/v1/$s/*.patch | head -n 1) &&
		cover=$(sed -n "s/^Message-ID: //p" $first) &&
		n=$(ls series/$TOPIC/v1/$s/*.patch | wc -l) &&
		test "$(grep -c "^Dry-OK\. Log says:" sent.$s)" = "$n" &&
		test "$(grep -c "^In-Reply-To: $cover$" sent.$s)" = "$((n - 1))" || return 1
	done &&
	! grep -q "In-Reply-To: .*block" sent.minifs
'

test_expect_success 'a reviewer replies; b4 trailers -u folds the trailers in' '
	v1=series/$TOPIC/v1/minifs &&
	cover=$(sed -n "s/^Message-ID: //p" $v1/0000-cover-letter.patch) &&
	p1=$(sed -n "s/^Message-ID: //p" $v1/0001-*.patch) &&
	cat $v1/0000-cover-letter.patch $v1/0001-*.patch $v1/0002-*.patch >thread.mbox &&
	cat >>thread.mbox <<-EOF &&
	From rita@example.org Mon Sep 17 00:00:00 2001
	From: Rita Review <rita@example.org>
	Subject: Re: [PATCH 1/2] minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c
	Date: $(date -R)
	Message-ID: <reply-1@example.org>
	In-Reply-To: $p1
	References: $cover $p1

	On the patch:
	> kmap_local_page()

	Looks right.

	Reviewed-by: Rita Review <rita@example.org>

	From ada@example.org Mon Sep 17 00:00:00 2001
	From: Ada Maintainer <ada@example.org>
	Subject: Re: [PATCH 0/2] minifs: Convert kmap_atomic() and kmap() to kmap_local_page()
	Date: $(date -R)
	Message-ID: <reply-0@example.org>
	In-Reply-To: $cover
	References: $cover

	Acked-by: Ada Maintainer <ada@example.org>

	EOF
	git -C repo checkout -q $TOPIC/minifs &&
	(cd repo && $B4 trailers -u -m ../thread.mbox) >b4.out 2>&1 &&
	git -C repo checkout -q master &&
	git -C repo log -1 --format=%B $TOPIC/minifs~1 >msg1 &&
	grep -q "^Reviewed-by: Rita Review <rita@example.org>$" msg1 &&
	grep -q "^Acked-by: Ada Maintainer <ada@example.org>$" msg1 &&
	git -C repo log -1 --format=%B $TOPIC/minifs >msg2 &&
	grep -q "^Acked-by: Ada Maintainer <ada@example.org>$" msg2
'

test_expect_success 'a new history commit changes the prefix and one conversion' '
	sed -i "1a /* fs/minifs: directory entries. */" repo/fs/minifs/dir.c &&
	cat >>repo/fs/minifs/file.c <<-\EOF &&

	int minifs_peek_block(struct page *page, char *buf, size_t len)
	{
		char *kaddr;

		kaddr = kmap_atomic(page);
		memcpy(buf, kaddr, len);
		kunmap_atomic(kaddr);
		return 0;
	}
	EOF
	git -C repo commit -qam "fs/minifs: describe the directory code, add peek" &&
	refs refs/heads/$TOPIC/block refs/heads/$TOPIC/mm-highmem \
		refs/tags/sent/$TOPIC/block-v1 refs/tags/sent/$TOPIC/mm-highmem-v1 >others.before
'

test_expect_success '-v 3 of a series that has no v2: an error, nothing written' '
	before=$(repo_snapshot repo) &&
	test_expect_code 1 kmap_local -C repo series --no-build --topic $TOPIC -v 3 \
		drivers/block 2>err &&
	test_one_error_line err "series .block. has no v2 to re-roll; use -v 2" &&
	test "$before" = "$(repo_snapshot repo)" && test ! -e series/$TOPIC/v3
'

test_expect_success '--dry-run names each series and the version it would get' '
	kmap_local -C repo series --dry-run --topic $TOPIC >plan &&
	grep -q "^series minifs v2 (if it changed since v1)$" plan &&
	grep -q "^series block v2 (if it changed since v1)$" plan &&
	test_expect_code 1 kmap_local -C repo series --dry-run --topic $TOPIC -v 3 >plan 2>err &&
	test_one_error_line err "series .block. has no v2 to re-roll; use -v 2"
'

test_expect_success 'a new series cannot start at v2' '
	git clone -q --no-tags repo fresh &&
	fbefore=$(repo_snapshot fresh) &&
	test_expect_code 1 kmap_local -C fresh series --no-build --topic new -v 2 2>err &&
	test_one_error_line err "series .block. has no v1 to re-roll (it is new); use -v 1" &&
	test "$fbefore" = "$(repo_snapshot fresh)" && test ! -e series/new
'

test_expect_success 'a foreign sent/ tag for v1: an error, nothing written' '
	git clone -q repo foreign &&
	git -C foreign branch -q $TOPIC/minifs origin/$TOPIC/minifs &&
	git -C foreign tag -f sent/$TOPIC/minifs-v1 master >/dev/null &&
	fbefore=$(repo_snapshot foreign) &&
	test_expect_code 1 kmap_local -C foreign series --no-build --topic $TOPIC -v 2 fs/minifs \
		-o foreign-out 2>err &&
	test_one_error_line err "tag .sent/$TOPIC/minifs-v1. is not an annotated tag as kmap-local and b4 write; delete it" &&
	test "$fbefore" = "$(repo_snapshot foreign)" && test ! -e foreign-out
'

test_expect_success 'the re-roll writes v2 of only the series that changed' '
	kmap_local -C repo series --no-build --topic $TOPIC >files 2>err &&
	grep -q "^  minifs v2: 2 patches" err &&
	grep -q "^  block: v1 unchanged, left as it is" err &&
	grep -q "^  mm-highmem: v1 unchanged, left as it is" err &&
	cat >expect <<-EOF &&
	series/$TOPIC/v2/minifs/v2-0000-cover-letter.patch
	series/$TOPIC/v2/minifs/v2-0001-fs-minifs-Convert-kmap_atomic-and-kmap-to-kmap_lo.patch
	series/$TOPIC/v2/minifs/v2-0002-fs-minifs-Convert-kmap_atomic-to-kmap_local_page-.patch
	EOF
	test_cmp expect files &&
	refs refs/heads/$TOPIC/block refs/heads/$TOPIC/mm-highmem \
		refs/tags/sent/$TOPIC/block-v1 refs/tags/sent/$TOPIC/mm-highmem-v1 >others.now &&
	test_cmp others.before others.now &&
	! git -C repo rev-parse -q --verify sent/$TOPIC/block-v2
'

test_expect_success 'trailers kept where the change is the same, dropped with a note' '
	git -C repo log -1 --format=%B $TOPIC/minifs~1 >msg1 &&
	grep -q "^fs/minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c$" msg1 &&
	grep -q "^Reviewed-by: Rita Review <rita@example.org>$" msg1 &&
	grep -q "^Acked-by: Ada Maintainer <ada@example.org>$" msg1 &&
	git -C repo log -1 --format=%B $TOPIC/minifs >msg2 &&
	! grep -q "Acked-by" msg2 &&
	cover=series/$TOPIC/v2/minifs/v2-0000-cover-letter.patch &&
	grep -q "^Subject: \[PATCH v2 0/2\] fs/minifs: Convert" $cover &&
	grep -q "^Changes in v2:$" $cover &&
	grep -q "^- Rebased onto $(git -C repo rev-parse --short=12 master)$" $cover &&
	grep -q "^- Dropped Acked-by: Ada Maintainer <ada@example.org> from patch 2: its conversion changed$" $cover &&
	grep -q "^- Link to v1: https://lore.kernel.org/r/cover\.[0-9a-f]*\.[0-9]*\.v1\.kmap-local@example.org$" $cover
'

test_expect_success 'the range-diff pairs the renamed patches and says what changed' '
	cover=series/$TOPIC/v2/minifs/v2-0000-cover-letter.patch &&
	grep -q "^1:  [0-9a-f]\{7\} ! 1:  [0-9a-f]\{7\} fs/minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c$" $cover &&
	grep -q "^2:  [0-9a-f]\{7\} ! 2:  [0-9a-f]\{7\} fs/minifs: Convert kmap_atomic() to kmap_local_page() in file.c$" $cover &&
	grep -q "^    subject was: minifs: Convert kmap_atomic() and kmap() to kmap_local_page() in dir.c$" $cover &&
	grep -q "^    changed: message$" $cover &&
	grep -q "^    changed: message, changed lines$" $cover &&
	! grep -q "^-:  -------" $cover
'

test_expect_success 'b4 prep sees v2 and compares it with v1' '
	git -C repo checkout -q $TOPIC/minifs &&
	(cd repo && $B4 prep --show-info) >info 2>&1 &&
	grep -q "^revision: 2$" info &&
	grep -q "^series-v1: " info && grep -q "^series-v2: " info &&
	(cd repo && $B4 prep --compare-to v1) >cmp 2>&1 &&
	grep -q "^1: *[0-9a-f]* ! 1: *[0-9a-f]* .*minifs: Convert kmap_atomic() and kmap()" cmp &&
	grep -q "Reviewed-by: Rita Review" cmp &&
	git -C repo checkout -q master
'

test_expect_success 'git send-email --dry-run takes v2, threaded to its own cover' '
	send_dry series/$TOPIC/v2/minifs >sent.v2 2>&1 &&
	cover=$(sed -n "s/^Message-ID: //p" series/$TOPIC/v2/minifs/v2-0000-cover-letter.patch) &&
	test "$(grep -c "^In-Reply-To: $cover$" sent.v2)" = 2 &&
	grep -q "^Subject: \[PATCH v2 1/2\] fs/minifs:" sent.v2
'

test_expect_success 'another series re-rolled to v2 in a later run joins series/<topic>/v2' '
	ls series/$TOPIC/v2 >before &&
	kmap_local -C repo series --no-build --topic $TOPIC -v 2 drivers/block >files 2>err &&
	grep -q "^  block v2: 1 patch" err &&
	grep -q "^series/$TOPIC/v2/block/v2-0001-block-Convert" files &&
	test "$(ls series/$TOPIC/v2/minifs | wc -l)" = 3 &&
	test ! -e series/$TOPIC/v2.kmap-local-partial &&
	python3 - series/$TOPIC/v2 <<-\PY &&
	import json, os, sys
	d = sys.argv[1]
	r = json.load(open(d + "/report.json"))
	names = sorted(s["name"] for s in r["series"])
	assert names == ["block", "minifs"], names
	for s in r["series"]:
	    for p in s["patches"]:
	        assert os.path.exists(d + "/" + p["file"]), p["file"]
	PY
	before=$(repo_snapshot repo) &&
	test_expect_code 1 kmap_local -C repo series --no-build --topic $TOPIC -v 2 --force \
		drivers/block 2>err &&
	test_one_error_line err "output directory .series/$TOPIC/v2/block. is not empty" &&
	test "$before" = "$(repo_snapshot repo)"
'

test_expect_success 'series --send --dry-run: git send-email --dry-run once per series, nothing kept' '
	git -C repo config sendemail.from "A U Thor <author@example.org>" &&
	git -C repo config sendemail.confirm never &&
	git -C repo config sendemail.assume8bitEncoding UTF-8 &&
	before=$(repo_snapshot repo) &&
	GIT_TRACE="$PWD/trace" kmap_local -C repo series --no-build --topic mail --send --dry-run \
		>sent 2>err &&
	test "$(grep -c "exec: git-send-email --no-thread --dry-run /" trace)" = 3 &&
	test "$(grep -c "^Dry-OK\. Log says:" sent)" = 7 &&
	grep -q "^sending fs-minifs v1 (3 mails), dry run$" err &&
	grep -q "^sending mm-highmem v1 (1 mail), dry run$" err &&
	test "$before" = "$(repo_snapshot repo)" &&
	test ! -e series/mail && ! ls "${TMPDIR:-/tmp}"/kmap-local-send.* 2>/dev/null &&
	test ! -e repo/.git/kmap-local/series/mail
'

test_expect_success 'series --send: each series to git send-email, threaded to its own cover' '
	cat >sendmail <<-\EOF &&
	#!/bin/sh
	{ cat; echo; } >>"$HOME/sent.mbox"
	EOF
	chmod +x sendmail &&
	git -C repo config sendemail.smtpserver "$PWD/sendmail" &&
	kmap_local -C repo series --no-build --topic mail --send >files 2>err &&
	test "$(grep -c "^series/mail/v1/.*\.patch$" files)" = 7 &&
	test "$(grep -c "^Message-Id: " sent.mbox)" = 7 &&
	for s in block fs-minifs; do
		cover=$(sed -n "s/^Message-ID: //p" series/mail/v1/$s/0000-cover-letter.patch) &&
		test "$(grep -c "^In-Reply-To: $cover$" sent.mbox)" = 2 || return 1
	done &&
	grep -q "^Subject: \[PATCH\] mm/highmem: " sent.mbox &&
	git -C repo rev-parse -q --verify mail/fs-minifs >/dev/null
'

test_expect_success 'series --send: a failing git send-email is an error naming the series' '
	git -C repo config sendemail.smtpserver /bin/false &&
	test_expect_code 1 kmap_local -C repo series --no-build --topic mail2 --send \
		drivers/block 2>err &&
	test_one_error_line err "git send-email failed on series .block. (exit code [0-9]*)" &&
	test_expect_code 1 kmap_local -C repo series --no-build --topic mail3 --send --dry-run \
		lib 2>err &&
	test_one_error_line err "nothing to convert under the given paths" &&
	test ! -e repo/.git/kmap-local/series/mail3
'

test_done
