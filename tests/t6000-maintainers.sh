#!/bin/sh
# kmap-local maintainers: get_maintainer.pl's file rules on the mini tree's
# MAINTAINERS (a slashless directory, a deeper file section, X:, N:, globs,
# subscribers-only and moderated lists, .mailmap, THE REST).  The expected
# output below is what scripts/get_maintainer.pl --nogit --nogit-fallback
# --norolestats --nokeywords -f prints for the same tree.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_mini_repo repo &&
	before=$(repo_snapshot repo)
'

test_expect_success 'sections deepest first, To and Cc per file' '
	kmap_local -C repo maintainers fs/minifs/dir.c fs/minifs/file.c \
		drivers/block/ramdisk-mini.c include/linux/types.h \
		include/linux/highmem.h lib/checksum-mini.c MAINTAINERS >actual &&
	cat >expect <<-\EOF &&
	fs/minifs/dir.c
	  section: MINIFS DIRECTORY CODE
	  section: MINIFS FILE SYSTEM
	  section: THE REST
	  To: Ada Maintainer <ada@example.org>
	  To: Frank Dir <frank@example.org>
	  Cc: linux-fsdevel@example.org
	  Cc: linux-kernel@example.org
	fs/minifs/file.c
	  section: MINIFS FILE SYSTEM
	  section: THE REST
	  To: Ada Maintainer <ada@example.org>
	  Cc: linux-fsdevel@example.org
	  Cc: linux-kernel@example.org
	drivers/block/ramdisk-mini.c
	  section: MINI BLOCK DRIVERS
	  section: RAMDISK NAMES
	  section: THE REST
	  To: Dan Block <dan@example.org>
	  To: Gus Ram <gus@example.org>
	  Cc: linux-block@example.org
	  Cc: linux-kernel@example.org
	include/linux/types.h
	  section: THE REST
	  Cc: linux-kernel@example.org
	include/linux/highmem.h
	  section: MEMORY MANAGEMENT
	  section: THE REST
	  To: Eve Memory <eve@example.org>
	  Cc: linux-mm@example.org
	  Cc: linux-kernel@example.org
	lib/checksum-mini.c
	  section: MINI LIBRARY
	  section: THE REST
	  To: Hal Lib <hal@example.org>
	  Cc: linux-kernel@example.org
	MAINTAINERS
	  section: THE REST
	  Cc: linux-kernel@example.org
	EOF
	test_cmp expect actual
'

test_expect_success 'subscribers-only lists are dropped, reviewers kept' '
	kmap_local -C repo maintainers drivers/md/raid-mini.c >actual &&
	grep -q "To: Carol Review <carol@example.org>" actual &&
	grep -q "Cc: linux-raid@example.org" actual &&
	! grep -q raid-announce actual
'

test_expect_success 'paths are relative to the current directory' '
	(cd repo/fs/minifs && kmap_local maintainers file.c ../../mm/highmem-mini.c) >actual &&
	grep -q "^fs/minifs/file.c$" actual &&
	grep -q "^mm/highmem-mini.c$" actual
'

test_expect_success 'JSON output' '
	kmap_local -C repo maintainers --json fs/minifs/dir.c >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d[0]["path"] == "fs/minifs/dir.c", d
	assert [s["name"] for s in d[0]["sections"]] == [
	    "MINIFS DIRECTORY CODE", "MINIFS FILE SYSTEM", "THE REST"], d
	assert [s["depth"] for s in d[0]["sections"]] == [3, 2, -1], d
	assert d[0]["cc"] == ["linux-fsdevel@example.org", "linux-kernel@example.org"], d
	PY
'

test_expect_success 'a file that is not in the tree' '
	test_expect_code 1 kmap_local -C repo maintainers fs/nothing.c 2>err &&
	test_one_error_line err "fs/nothing.c. is not in the tree of"
'

test_expect_success 'no FILE' '
	test_expect_code 129 kmap_local -C repo maintainers 2>err &&
	test_one_error_line err "name at least one FILE"
'

test_expect_success 'a malformed line is a warning with its line number' '
	git clone -q repo bad &&
	sed -i "s/^F:\tdrivers\/md\//F\tdrivers\/md\//" bad/MAINTAINERS &&
	git -C bad commit -qam "break MAINTAINERS" &&
	kmap_local -C bad maintainers drivers/md/raid-mini.c >actual 2>err &&
	grep "^warning: MAINTAINERS:[0-9]*: malformed line .F	drivers/md/." err &&
	grep -q "section: THE REST" actual
'

test_expect_success 'many stars and a regex that backtracks too much' '
	git clone -q repo slow &&
	a40=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa &&
	echo "int x;" >slow/lib/$a40$a40.c &&
	echo "int y;" >slow/lib/${a40}b.c &&
	stars=$(printf "*a%.0s" $(seq 40)) &&
	{
		printf "\nSTARS\nM:\tStar Gazer <star@example.org>\nF:\tlib/%s*b.c\n" "$stars" &&
		printf "\nBACKTRACK\nM:\tSlow Poke <slow@example.org>\nN:\t(a|a)*[dz]\n" &&
		printf "\nCHEAP\nM:\tCheap Shot <cheap@example.org>\nN:\tlib/a{40}\n"
	} >>slow/MAINTAINERS &&
	line=$(grep -n "^N:	(a|a)" slow/MAINTAINERS | cut -d: -f1) &&
	git -C slow add . && git -C slow commit -qm "slow patterns" &&
	kmap_local -C slow maintainers lib/$a40$a40.c lib/${a40}b.c >actual 2>err &&
	cat >expect <<-EOF &&
	lib/$a40$a40.c
	  section: CHEAP
	  section: THE REST
	  To: Cheap Shot <cheap@example.org>
	  Cc: linux-kernel@example.org
	lib/${a40}b.c
	  section: STARS
	  section: CHEAP
	  section: THE REST
	  To: Star Gazer <star@example.org>
	  To: Cheap Shot <cheap@example.org>
	  Cc: linux-kernel@example.org
	EOF
	test_cmp expect actual &&
	grep "^warning: MAINTAINERS:$line: N: pattern .(a|a)\*\[dz\]. is too costly to match against .lib/a*\.c. (match limit exceeded); taken as no match$" err &&
	test $(wc -l <err) = 1
'

test_expect_success 'no MAINTAINERS: a warning, no sections' '
	git clone -q repo none &&
	git -C none rm -q MAINTAINERS &&
	git -C none commit -qm "no MAINTAINERS" &&
	kmap_local -C none maintainers fs/minifs/dir.c >actual 2>err &&
	grep -q "^warning: no MAINTAINERS file in the base tree; grouping by directory" err &&
	test "$(cat actual)" = "fs/minifs/dir.c"
'

test_expect_success 'the repository is unchanged' '
	test "$before" = "$(repo_snapshot repo)"
'

test_done
