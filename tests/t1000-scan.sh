#!/bin/sh
# scan: every site with its verdict and evidence, text and JSON.
. "$(dirname "$0")/lib.sh"

EV_LOCAL="the region between map and unmap makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied"
EV_KMAP="the address stays in a local variable of this function, is not stored, returned or handed to deferred work, no page_address() of the page is used while mapped, and kunmap() becomes kunmap_local() of the mapped address"
EV_PREEMPT="the region uses per-CPU data or the CPU number and nothing in it holds preemption off; preempt_disable()/preempt_enable() keep it on one CPU as kmap_atomic() did"
EV_ZERO="the mapping only serves one memset() to zero; memzero_page() maps, zeroes, flushes the dcache and unmaps; the old code did not flush: memzero_page() adds a flush_dcache_page(), which only writes the page's cache lines back where the data cache can alias; the helper's bound offset + length <= PAGE_SIZE holds: the length is PAGE_SIZE at offset 0"
EV_FROM="the mapping only serves one memcpy() out of the page; memcpy_from_page() maps, copies and unmaps (it does not flush; reading needs no flush, and an existing flush_dcache_page() is kept); the helper's bound offset + length <= PAGE_SIZE holds: the length is a min_t() bounded by PAGE_SIZE"
EV_GETPAGE="minifs_get_page() kmap()s the page it returns and minifs_put_page() kunmap()s and puts it; each of its 2 calls here reads the address back once with page_address() and puts the page through minifs_put_page(): the helper now returns kmap_local_page()'s address (the page goes out through a new last parameter), the callers keep it, and minifs_put_page() unmaps it with kunmap_local(); the LIFO walk checked each caller"
EV_ATOMIC="the region relies on the pagefault or preemption disabling of kmap_atomic() and is not a simple block where an explicit disable can be placed"

test_expect_success 'setup the mini kernel repository' '
	make_mini_repo repo &&
	git -C repo log --oneline >log &&
	test $(wc -l <log) = 5
'

test_expect_success 'scan lists every site, sorted by file and line' '
	cat >expect <<-EOF &&
	drivers/block/ramdisk-mini.c:11:ramdisk_mini_read: local+preempt_disable: $EV_PREEMPT
	drivers/block/ramdisk-mini.c:21:ramdisk_mini_zero: helper:memzero_page: $EV_ZERO
	drivers/md/raid-mini.c:7:raid_mini_xor: local: $EV_LOCAL
	drivers/md/raid-mini.c:8:raid_mini_xor: local: $EV_LOCAL
	drivers/md/raid-mini.c:22:raid_mini_check: local: $EV_LOCAL
	fs/minifs/dir.c:12:minifs_find_entry: local: $EV_KMAP
	fs/minifs/dir.c:30:minifs_first_inode: local: $EV_LOCAL
	fs/minifs/dir.c:54:minifs_get_page: local: $EV_GETPAGE
	fs/minifs/file.c:9:minifs_read_block: helper:memcpy_from_page: $EV_FROM
	fs/minifs/file.c:17:minifs_write_block: local: $EV_LOCAL
	fs/minifs/file.c:27:minifs_copy_to_user: flag:depends-on-atomic: $EV_ATOMIC
	mm/highmem-mini.c:7:mini_peek_prot: local: $EV_LOCAL
	mm/highmem-mini.c:16:mini_peek_pfn: local: $EV_LOCAL
	EOF
	kmap_local -C repo scan >out 2>err &&
	test_cmp expect out
'

test_expect_success 'scan prints a summary of verdicts on stderr' '
	grep -x "13 sites: 1 flag:depends-on-atomic, 1 helper:memcpy_from_page, 1 helper:memzero_page, 9 local, 1 local+preempt_disable" err &&
	grep -q "^6 candidate files of 8: 5 changed, 0 unparsed" err
'

test_expect_success 'scan -q prints no summary' '
	kmap_local -C repo scan -q >out 2>err &&
	test_must_be_empty err &&
	test $(wc -l <out) = 13
'

test_expect_success 'a user copy in the region is not converted plainly' '
	grep "minifs_copy_to_user" out | grep -q "flag:"
'

test_expect_success 'pathspecs limit the scan, relative to the current directory' '
	kmap_local -C repo scan -q fs/minifs/file.c >out &&
	test $(wc -l <out) = 3 &&
	(cd repo/fs && kmap_local scan -q minifs/dir.c) >out &&
	test $(grep -c "^fs/minifs/dir.c:" out) = 3 &&
	kmap_local -C repo scan -q "drivers/*" mm >out &&
	test $(grep -c "^drivers/" out) = 5 &&
	test $(grep -c "^mm/" out) = 2 &&
	test $(wc -l <out) = 7
'

test_expect_success 'scan --json carries the same sites and a summary' '
	kmap_local -C repo scan --json >out.json &&
	python3 - out.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert len(d["base"]) == 40, d["base"]
	assert len(d["sites"]) == 13
	s = d["sites"][0]
	assert s["file"] == "drivers/block/ramdisk-mini.c" and s["line"] == 11, s
	assert s["function"] == "ramdisk_mini_read" and s["verdict"] == "local+preempt_disable", s
	assert d["summary"]["verdicts"]["local"] == 9, d["summary"]
	assert d["summary"]["changed"] == 5 and d["summary"]["candidates"] == 6
	assert all(f["status"] == "ok" for f in d["files"])
	PY
'

test_expect_success '--base scans an older commit' '
	kmap_local -C repo scan -q --base HEAD~3 >out &&
	test $(wc -l <out) = 6 &&
	! grep -q "^drivers/" out
'

test_expect_success 'scan runs from a subdirectory and with -C before the command' '
	(cd repo/drivers && kmap_local scan -q) >out1 &&
	kmap_local -C repo scan -q >out2 &&
	test_cmp out1 out2
'

test_expect_success 'another semantic patch runs through the same pipeline (--cocci)' '
	cat >rename.cocci <<-\EOF &&
	@r@
	position p;
	@@
	- flush_dcache_page@p
	+ flush_page_cache
	  (...)

	@script:python@
	p << r.p;
	@@
	print("KMAP-SITE\t%s\t%s\t%s\tflush\trenamed" % (p[0].file, p[0].line, p[0].current_element))
	EOF
	kmap_local -C repo scan -q --cocci rename.cocci >out &&
	echo "fs/minifs/file.c:21:minifs_write_block: flush: renamed" >expect &&
	grep -v "flag:no-rule" out >flush &&
	test_cmp expect flush
'

test_expect_success 'a candidate file with NUL bytes is skipped as binary' '
	git clone -q repo bin &&
	printf "int a;\0\nvoid f(struct page *p)\n{\n#ifdef A\n\tif (x) {\n#else\n\tif (y) {\n#endif\n\t\tvoid *v = kmap_atomic(p);\n\n\t\tkunmap_atomic(v);\n\t}\n}\n" \
		>bin/fs/minifs/nul.c &&
	git -C bin add fs/minifs/nul.c &&
	git -C bin commit -qm "a file with a NUL byte" &&
	kmap_local -C bin scan >out 2>err &&
	grep -x "fs/minifs/nul.c: binary: the file has NUL bytes, so it is not C text; skipped" out &&
	! grep "^fs/minifs/nul.c:[0-9]" out &&
	grep -x "warning: .fs/minifs/nul.c. has NUL bytes: skipped as binary" err &&
	test $(grep -c ": local: " out) = 9 &&
	kmap_local -C bin diff --no-pager >diff 2>/dev/null &&
	! grep nul.c diff &&
	kmap_local -C bin scan --json >out.json 2>/dev/null &&
	python3 - out.json <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	f = [f for f in d["files"] if f["path"] == "fs/minifs/nul.c"][0]
	assert f["status"] == "binary" and not f["changed"], f
	assert d["summary"]["candidates"] == 7 and d["summary"]["cached"] == 6, d["summary"]
	PY
'

test_done
