#!/bin/sh
# The real-kernel tier of `kmap-local verify` (issue 11), on Linux 6.1:
#  - a negative control, written here: ext2_make_empty() maps its page a
#    second time with kmap_local_page() and unmaps the two in FIFO order;
#    verify must call the commit failed, with the kunmap_local_indexed WARN
#    that CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP gives even for lowmem pages;
#  - a second control: ext2_make_empty() calls memzero_page() with
#    offset + len > PAGE_SIZE; DEBUG_VM's VM_BUG_ON must make it failed;
#  - the real conversion (kmap-local series) of fs/ext2, fs/minix, brd and
#    crypto/shash.c must come back ok, each commit's converted functions
#    counted by the function profiler in the guest;
#  - brd's copy_to_brd/copy_from_brd, which gcc inlines (ftrace cannot
#    see them), are counted by gcov;
#  - a second run finds both kernels cached and takes no build lock.
# The kernels are built in the verify build dir under $XDG_CACHE_HOME, so
# a later run of this test boots without building.
REAL_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}
LINUX_SETUP="$(cd "$(dirname "$0")" && pwd)/setup-linux.sh"
LINUX_REPO=$("$LINUX_SETUP") || { echo "Bail out! cannot set up Linux 6.1"; exit 1; }
. "$(dirname "$0")/../lib.sh"

export XDG_CACHE_HOME="$REAL_CACHE"
export GIT_AUTHOR_DATE='@1700000000 +0000' GIT_COMMITTER_DATE='@1700000000 +0000'
TOPIC=kmap-local-test/t9300
NEG=refs/heads/kmap-local-test/t9300-fifo
BOUND=refs/heads/kmap-local-test/t9300-bound
PATHS="fs/ext2 fs/minix drivers/block/brd.c crypto/shash.c"

drop_test_refs () {
	git -C "$LINUX_REPO" for-each-ref --format='%(refname)' refs/heads/kmap-local-test \
		refs/tags/sent/kmap-local-test refs/kmap-local/kmap-local-test |
		xargs -r -n1 git -C "$LINUX_REPO" update-ref -d
}

# A control commit: ext2_make_empty() edited by the Python on stdin, made
# with plumbing and a private index, so that the work tree, index and HEAD
# of the kernel repository stay as they are.
make_control () {
	ref=$1 subject=$2
	git -C "$LINUX_REPO" show HEAD:fs/ext2/dir.c >dir.c &&
	python3 - dir.c &&
	blob=$(git -C "$LINUX_REPO" hash-object -w --path fs/ext2/dir.c "$TRASH/dir.c") &&
	GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" read-tree HEAD &&
	GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" update-index \
		--cacheinfo 100644,$blob,fs/ext2/dir.c &&
	tree=$(GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" write-tree) &&
	commit=$(echo "$subject" | git -C "$LINUX_REPO" commit-tree -p HEAD $tree) &&
	git -C "$LINUX_REPO" update-ref $ref $commit
}

make_fifo_commit () {
	make_control $NEG "ext2: unmap two local mappings in FIFO order (negative control)" <<-\PY
	import sys
	p = sys.argv[1]
	s = open(p).read()
	start = s.index("int ext2_make_empty(")
	end = s.index("\n}\n", start)
	f = s[start:end]
	f = f.replace("\tvoid *kaddr;\n", "\tvoid *kaddr, *again;\n", 1)
	f = f.replace("\tkaddr = kmap_atomic(page);\n",
	              "\tkaddr = kmap_local_page(page);\n\tagain = kmap_local_page(page);\n", 1)
	f = f.replace("\tkunmap_atomic(kaddr);\n",
	              "\tkunmap_local(kaddr);\t/* FIFO: the negative control */\n"
	              "\tkunmap_local(again);\n", 1)
	assert f.count("kmap_local_page") == 2 and f.count("kunmap_local(") == 2, f
	open(p, "w").write(s[:start] + f + s[end:])
	PY
}

make_bound_commit () {
	make_control $BOUND "ext2: zero past the end of the page (negative control)" <<-\PY
	import sys
	p = sys.argv[1]
	s = open(p).read()
	start = s.index("int ext2_make_empty(")
	end = s.index("\n}\n", start)
	f = s[start:end]
	f = f.replace("\tkaddr = kmap_atomic(page);\n",
	              "\tmemzero_page(page, PAGE_SIZE - 8, 16);\t/* past the page */\n"
	              "\tkaddr = kmap_atomic(page);\n", 1)
	assert "memzero_page" in f, f
	open(p, "w").write(s[:start] + f + s[end:])
	PY
}

test_expect_success 'setup' '
	drop_test_refs &&
	before=$(cd "$LINUX_REPO" && git status --porcelain | sha1sum) &&
	head=$(git -C "$LINUX_REPO" rev-parse HEAD) &&
	make_fifo_commit &&
	make_bound_commit
'

test_expect_success 'negative control: FIFO unmaps fail with the kunmap_local_indexed WARN' '
	start=$(date +%s) &&
	test_expect_code 1 "$KMAP_LOCAL" -C "$LINUX_REPO" verify --json HEAD..$NEG >neg.json 2>neg.err &&
	echo "# negative control in $(($(date +%s) - start)) s" >timing &&
	python3 - neg.json >>timing <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))
	c = r["commits"][0]
	print("# base: build %.0f s%s, boot %.1f s; tip: build %.0f s%s, boot %.1f s" % (
	      r["base_boot"]["build_seconds"], " (cached)" if r["base_boot"]["build_cached"] else "",
	      r["base_boot"]["boot_seconds"], r["tip_boot"]["build_seconds"],
	      " (cached)" if r["tip_boot"]["build_cached"] else "", r["tip_boot"]["boot_seconds"]))
	print("# " + c["status"] + ": " + c["detail"].splitlines()[0])
	assert len(r["commits"]) == 1 and c["status"] == "failed", c
	assert "kunmap_local_indexed" in c["detail"], c["detail"]
	assert "(in ext2_make_empty)" in c["detail"], c["detail"]
	assert r["base_boot"]["finished"] and not r["base_boot"]["splats"], r["base_boot"]
	assert "ext2" in r["workloads"], r["workloads"]
	PY
'
cat timing 2>/dev/null

test_expect_success 'second control: a helper past the page fails under DEBUG_VM' '
	start=$(date +%s) &&
	test_expect_code 1 "$KMAP_LOCAL" -C "$LINUX_REPO" verify --json HEAD..$BOUND \
		>bound.json 2>bound.err &&
	echo "# helper bound control in $(($(date +%s) - start)) s" >timing &&
	python3 - bound.json >>timing <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))
	c = r["commits"][0]
	print("# " + c["status"] + ": " + c["detail"].splitlines()[0])
	assert c["status"] == "failed", c
	assert "kernel BUG at include/linux/highmem.h" in c["detail"], c["detail"]
	assert "(in ext2_make_empty)" in c["detail"], c["detail"]
	PY
'
cat timing 2>/dev/null

test_expect_success 'the conversion of ext2, minix, brd and shash is ok and ran' '
	"$KMAP_LOCAL" -C "$LINUX_REPO" series --no-build --no-checkpatch --verify --topic $TOPIC \
		-o series $PATHS >files 2>series.err &&
	for cover in $(grep 0000-cover-letter files); do
		grep -q "^converted functions exercised at run time: [1-9][0-9]* of [0-9]*; no warnings" \
			$cover || return 1
	done &&
	python3 -c "import json, sys; r = json.load(open(sys.argv[1])); assert r[\"verify\"][\"exercised\"] > 0, r[\"verify_summary\"]" series/report.json &&
	start=$(date +%s) &&
	"$KMAP_LOCAL" -C "$LINUX_REPO" verify --json $TOPIC >conv.json 2>conv.err &&
	echo "# conversion verified in $(($(date +%s) - start)) s" >timing &&
	python3 - conv.json >>timing <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))
	print("# workloads %s; base boot %.1f s, tip boot %.1f s; tip build %.0f s" % (
	      " ".join(r["workloads"]), r["base_boot"]["boot_seconds"],
	      r["tip_boot"]["boot_seconds"], r["tip_boot"]["build_seconds"]))
	print("# converted functions exercised: %d of %d" % (r["exercised"], r["functions"]))
	for c in r["commits"]:
	    print("# %-13s %s" % (c["status"], c["subject"]))
	    for f in c["functions"]:
	        print("#     %-28s %d%s" % (f["name"], f["hits"],
	              " (gcov)" if f["counted_by"] == "gcov" else ""))
	assert len(r["commits"]) >= 3, r["commits"]
	# the brd helpers are inlined into brd_do_bvec: only gcov sees them
	fns = dict((f["name"], f) for c in r["commits"] for f in c["functions"])
	for name in ("copy_to_brd", "copy_from_brd"):
	    assert fns[name]["hits"] > 0 and fns[name]["counted_by"] == "gcov", fns[name]
	bad = [c for c in r["commits"] if c["status"] != "ok"]
	assert not bad, bad
	assert set(["ext2", "minix", "brd", "crypto"]) <= set(r["workloads"]), r["workloads"]
	PY
'
cat timing 2>/dev/null

test_expect_success 'a second run finds both kernels built' '
	start=$(date +%s) &&
	"$KMAP_LOCAL" -C "$LINUX_REPO" verify $TOPIC >again.txt 2>again.err &&
	echo "# cached re-run in $(($(date +%s) - start)) s" >timing &&
	grep -q "^both kernels are built (.*): booting them" again.err &&
	grep -q "^Base: build cached" again.txt &&
	grep -q "^Tip: build cached" again.txt &&
	grep -q "converted functions exercised at run time: [1-9][0-9]* of [0-9]*; no warnings" again.txt
'
cat timing 2>/dev/null

test_expect_success 'the work tree, index and HEAD are untouched' '
	test "$before" = "$(cd "$LINUX_REPO" && git status --porcelain | sha1sum)" &&
	test "$(git -C "$LINUX_REPO" rev-parse HEAD)" = "$head"
'

drop_test_refs
test_done
