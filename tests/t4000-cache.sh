#!/bin/sh
# The cache under .git/kmap-local: no spatch on an unchanged tree, only
# changed files after a rebase, nothing trusted that does not read back.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a spatch that logs each run' '
	make_mini_repo repo &&
	cat >spatch-log <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*) echo run >>"$TRASH/spatch.log"; echo "\$*" >>"$TRASH/args.log"
		if test -p groups; then echo fifo; else echo file; fi >>"$TRASH/groups.log";;
	*--parse-cocci*) echo parse >>"$TRASH/parse.log";;
	esac
	exec spatch "\$@"
	EOF
	chmod +x spatch-log &&
	SPATCH="$TRASH/spatch-log" && export SPATCH
'

# One spatch process, its two workers taking the files as they go: the
# semantic patch is parsed once.  Nothing of the rules is cached, so that
# spatch starts before the candidates are found and reads them from a FIFO.
test_expect_success 'the first run goes through spatch' '
	kmap_local -C repo diff -j 2 >first.diff 2>err &&
	grep -q "(0 from cache, 6 through spatch)" err &&
	test $(wc -l <spatch.log) = 1 &&
	test "$(cat groups.log)" = fifo &&
	grep -q -- "--jobs 2 --chunksize 1" args.log &&
	test -d repo/.git/kmap-local/cache
'

test_expect_success 'spatch times are recorded per path' '
	tr "\\000" "\\n" <repo/.git/kmap-local/cache/spatch-times >times &&
	test $(wc -l <times) = 6 &&
	grep -q "^[1-9][0-9]* fs/minifs/file.c\$" times &&
	test "$(cut -d" " -f2 times)" = "$(cut -d" " -f2 times | LC_ALL=C sort)"
'

# Batches of one to three files, one to three workers, and one spatch of
# one to three workers: the same results.
test_expect_success 'results do not depend on the batches or -j' '
	kmap_local -C repo scan --json >first.json &&
	for run in 1:3 2:2 3:1 0:1 0:3; do
		batch=${run%:*} j=${run#*:} &&
		rm -rf repo/.git/kmap-local/cache/*/ spatch.log &&
		if test $batch = 0
		then
			kmap_local -C repo diff -j $j >b.diff 2>err &&
			test $(wc -l <spatch.log) = 1
		else
			KMAP_LOCAL_SPATCH_BATCH=$batch kmap_local -C repo diff -j $j >b.diff 2>err &&
			test $(wc -l <spatch.log) = $(((6 + batch - 1) / batch))
		fi &&
		test_cmp first.diff b.diff &&
		grep -q "(0 from cache, 6 through spatch)" err &&
		kmap_local -C repo scan --json >b.json &&
		test_cmp first.json b.json || return 1
	done
'

# Rules whose start_file() does not give each worker logs of its own: the
# workers mix their messages in one log, so every file that logged there
# runs again in a spatch of its own, with the same results.
test_expect_success 'mixed worker logs: the files run again on their own' '
	cp -R "$KMAP_LOCAL_COCCI_DIR" nologs &&
	sed -i "s/^    log_file_start()\$/    pass/" nologs/10-sites.cocci &&
	! grep -q "^    log_file_start()" nologs/10-sites.cocci &&
	rm -f spatch.log &&
	kmap_local -C repo diff -j 2 --cocci nologs >nologs.diff 2>err &&
	test_cmp first.diff nologs.diff &&
	test $(wc -l <spatch.log) = 2 &&
	tail -n 1 args.log >alone.args &&
	! grep -q -- --jobs alone.args
'

# A spatch that logs the first file of its queue, by content.  A cold run
# hands the queue over through a FIFO, read once: it goes on in a file.
test_expect_success 'the queue starts with the slowest file known' '
	cat >spatch-order <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*)
		if test -p groups; then cat groups >groups.file && rm groups && mv groups.file groups; fi
		cksum <"\$(grep -v -e "^\$" -e "^src/start" groups | head -n 1)" >>"$TRASH/order.log";;
	esac
	exec spatch "\$@"
	EOF
	chmod +x spatch-order &&
	slow=fs/minifs/dir.c &&
	tr "\\000" "\\n" <repo/.git/kmap-local/cache/spatch-times |
	sed "s|^[0-9]* $slow\$|99999 $slow|" | tr "\\n" "\\000" >times.new &&
	mv times.new repo/.git/kmap-local/cache/spatch-times &&
	rm -rf repo/.git/kmap-local/cache/*/ &&
	SPATCH="$TRASH/spatch-order" kmap_local -C repo diff -j 2 >slow.diff 2>err &&
	test_cmp first.diff slow.diff &&
	test $(wc -l <order.log) = 1 &&
	git -C repo show HEAD:$slow | cksum >want &&
	test_cmp want order.log
'

test_expect_success 'a second run over the unchanged tree does not run spatch' '
	rm -f spatch.log &&
	kmap_local -C repo diff >second.diff 2>err &&
	test_cmp first.diff second.diff &&
	grep -q "(6 from cache, 0 through spatch)" err &&
	test ! -e spatch.log
'

test_expect_success 'the rules are parsed once, not on every run' '
	rm -f parse.log &&
	kmap_local -C repo scan -q >out &&
	test ! -e parse.log &&
	test -f repo/.git/kmap-local/cache/*/rules-tokens
'

test_expect_success 'scan after diff reuses the same cache' '
	kmap_local -C repo scan >out 2>err &&
	grep -q "(6 from cache, 0 through spatch)" err &&
	test ! -e spatch.log
'

test_expect_success 'after a rebase only the changed file is processed again' '
	(
		cd repo &&
		git checkout -q -b topic &&
		sed -i "s/min_t(size_t, len, PAGE_SIZE)/min_t(size_t, len - 1, PAGE_SIZE)/" fs/minifs/file.c &&
		git commit -q -a -m "minifs: read one byte less"
	) &&
	kmap_local -C repo diff >third.diff 2>err &&
	grep -q "(5 from cache, 1 through spatch)" err &&
	grep -q "^+	memcpy_from_page(buf, page, 0, min_t(size_t, len - 1, PAGE_SIZE));" third.diff &&
	test $(wc -l <spatch.log) = 1 &&
	test "$(tail -n 1 groups.log)" = fifo
'

# The spatch started early (master is not the tree the last run
# converted) gets no file.
test_expect_success 'the old base is still fully cached' '
	kmap_local -C repo diff --base master >again.diff 2>err &&
	test_cmp first.diff again.diff &&
	grep -q "(6 from cache, 0 through spatch)" err
'

test_expect_success 'a broken cache entry is rebuilt, never trusted' '
	blob=$(git -C repo rev-parse master:fs/minifs/dir.c) &&
	entry=$(find repo/.git/kmap-local/cache -path "*/${blob%${blob#??}}/${blob#??}") &&
	test -f "$entry" &&
	printf "kmap-local-cache-1\nstatus ok\nconverted 99\nshort" >"$entry" &&
	kmap_local -C repo diff --base master >fixed.diff 2>err &&
	grep -q "(5 from cache, 1 through spatch)" err &&
	test_cmp first.diff fixed.diff
'

test_expect_success 'other rules get their own cache' '
	rm -f spatch.log &&
	cp -R "$KMAP_LOCAL_COCCI_DIR" mine &&
	echo "// a comment changes the rules hash" >>mine/60-flags.cocci &&
	rm -f parse.log &&
	kmap_local -C repo diff --base master --cocci mine >mine.diff 2>err &&
	grep -q "(0 from cache, 6 through spatch)" err &&
	test $(wc -l <parse.log) = 1 &&
	test_cmp first.diff mine.diff
'

test_expect_success 'kernel.iso of the rules directory replaces spatch'"'"'s isomorphisms' '
	grep -q -- "--iso-file $(cd "$TRASH/mine" && pwd -P)/kernel.iso " args.log
'

test_expect_success 'an edit of kernel.iso misses the cache' '
	cp -R mine iso &&
	echo "// a comment changes the rules hash" >>iso/kernel.iso &&
	kmap_local -C repo diff --base master --cocci iso >iso.diff 2>err &&
	grep -q "(0 from cache, 6 through spatch)" err &&
	test_cmp first.diff iso.diff
'

test_expect_success 'without kernel.iso spatch keeps its standard isomorphisms' '
	cp -R mine noiso &&
	rm noiso/kernel.iso &&
	echo "// and another rules hash" >>noiso/60-flags.cocci &&
	rm -f args.log &&
	kmap_local -C repo diff --base master --cocci noiso >noiso.diff 2>err &&
	grep -q "(0 from cache, 6 through spatch)" err &&
	test -s args.log &&
	! grep -q -- --iso-file args.log &&
	test_cmp first.diff noiso.diff
'

test_expect_success 'a changed header re-runs spatch on the files that call into it' '
	(
		cd repo &&
		git checkout -q -b hdr master &&
		mkdir -p drivers/hdr &&
		cat >drivers/hdr/hdr.h <<-\EOF &&
		static inline int hdr_put(u32 *dst, u32 v)
		{
			*dst = v;
			return 0;
		}
		EOF
		cat >drivers/hdr/other.h <<-\EOF &&
		static inline int other(void) { return 0; }
		EOF
		cat >drivers/hdr/hdr.c <<-\EOF &&
		#include <linux/highmem.h>
		#include "hdr.h"
		#include "other.h"

		int hdr_store(struct page *page, u32 v)
		{
			u32 *p;
			int ret;

			p = kmap_atomic(page);
			ret = hdr_put(p, v);
			kunmap_atomic(p);
			return ret;
		}
		EOF
		git add drivers/hdr &&
		git commit -q -m "hdr: a driver with a header helper"
	) &&
	rm -f spatch.log &&
	kmap_local -C repo scan drivers/hdr >hdr1 2>err &&
	grep -q "(0 from cache, 1 through spatch)" err &&
	grep -q "^drivers/hdr/hdr.c:10:hdr_store: local: " hdr1 &&
	(
		cd repo &&
		echo "static inline int other2(void) { return 1; }" >>drivers/hdr/other.h &&
		git commit -q -a -m "hdr: a header the region does not call into"
	) &&
	kmap_local -C repo scan drivers/hdr >hdr2 2>err &&
	grep -q "(1 from cache, 0 through spatch)" err &&
	(
		cd repo &&
		sed -i "s/^\*dst = v;/if (in_atomic()) return -EAGAIN; *dst = v;/" drivers/hdr/hdr.h &&
		grep -q in_atomic drivers/hdr/hdr.h &&
		git commit -q -a -m "hdr: the helper tests the context"
	) &&
	kmap_local -C repo scan drivers/hdr >hdr3 2>err &&
	grep -q "(0 from cache, 1 through spatch)" err &&
	grep -q "^drivers/hdr/hdr.c:10:hdr_store: local+preempt_disable: .*it calls hdr_put(), defined in drivers/hdr/hdr.h, which tests in_atomic()" hdr3 &&
	git -C repo checkout -q master
'

# The spatch a run starts early is killed when there is nothing to
# convert: the run neither waits for it to finish starting nor leaves it
# (or its scratch) behind.  This one would take a minute to start.
test_expect_success 'a cold run with no candidate kills the spatch it started' '
	rm -rf repo/.git/kmap-local/cache &&
	mkdir tmp-none &&
	cat >spatch-slow <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*) sleep 61;;
	esac
	exec spatch "\$@"
	EOF
	chmod +x spatch-slow &&
	TMPDIR="$TRASH/tmp-none" SPATCH="$TRASH/spatch-slow" \
		timeout 30 "$KMAP_LOCAL" -C repo scan lib >out 2>err &&
	grep -q "^0 candidate files of 1:" err &&
	test -z "$(ls tmp-none)" &&
	! pgrep -f "sleep 61"
'

# A run over a tree the last finished run did not convert starts spatch
# early too (files may have changed); over the same tree it does not.
test_expect_success 'a rebased tree starts spatch early, the same tree does not' '
	kmap_local -C repo diff >before.diff 2>err &&
	rm -f spatch.log groups.log &&
	git -C repo checkout -q -b early &&
	echo "/* moved */" >>repo/fs/minifs/file.c &&
	git -C repo -c user.name=t -c user.email=t@example.org commit -q -a -m moved &&
	kmap_local -C repo diff >after.diff 2>err &&
	grep -q "(5 from cache, 1 through spatch)" err &&
	test "$(cat groups.log)" = fifo &&
	rm -f spatch.log groups.log &&
	kmap_local -C repo diff >again.diff 2>err &&
	grep -q "(6 from cache, 0 through spatch)" err &&
	test ! -e spatch.log &&
	git -C repo checkout -q master
'

test_expect_success 'a FIFO for the last tree note: no hang, a note again' '
	note=$(echo repo/.git/kmap-local/cache/*/last-tree) &&
	test -f "$note" &&
	rm "$note" && mkfifo "$note" &&
	timeout 60 "$KMAP_LOCAL" -C repo diff >fifo.diff 2>err &&
	test_cmp before.diff fifo.diff &&
	! grep -q "^error" err &&
	test -f "$note" &&
	test "$(cat "$note")" = "$(git -C repo rev-parse HEAD^{tree})"
'

test_done
