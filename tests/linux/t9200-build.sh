#!/bin/sh
# The real-kernel tier of issue 5: the series of a few subsystems with
# converted sites (fs/, drivers/, mm/, lib/) compile-checked with the real
# kbuild on x86_64, i386 and arm allmodconfig; every commit must be ok.
REAL_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}
LINUX_SETUP="$(cd "$(dirname "$0")" && pwd)/setup-linux.sh"
LINUX_REPO=$("$LINUX_SETUP") || { echo "Bail out! cannot set up Linux 6.1"; exit 1; }
. "$(dirname "$0")/../lib.sh"

# Build dirs and the private checkout are worth keeping between runs.
export XDG_CACHE_HOME="$REAL_CACHE"
export GIT_AUTHOR_DATE='@1700000000 +0000'
TOPIC=kmap-local-test/t9200
PATHS="fs/ext2 drivers/block/brd.c mm/zswap.c lib/buildid.c"

drop_test_refs () {
	git -C "$LINUX_REPO" for-each-ref --format='%(refname)' refs/heads/kmap-local-test \
		refs/tags/sent/kmap-local-test | xargs -r -n1 git -C "$LINUX_REPO" update-ref -d
}

test_expect_success 'setup' '
	drop_test_refs &&
	before=$(cd "$LINUX_REPO" && git status --porcelain | sha1sum) &&
	head=$(git -C "$LINUX_REPO" rev-parse HEAD)
'

test_expect_success 'the series of fs/ext2, brd, zswap and buildid builds on x86_64, i386, arm' '
	start=$(date +%s) &&
	kmap_local -C "$LINUX_REPO" series --no-checkpatch --topic $TOPIC -o out $PATHS \
		>files 2>err &&
	echo "# series with builds in $(($(date +%s) - start)) s" >timing &&
	python3 - out/report.json >>timing <<-\PY
	import json, sys
	m = json.load(open(sys.argv[1]))["build"]
	assert m["arches"] == ["x86_64", "i386", "arm"], m["arches"]
	print("# build dirs prepared: %d (%.0f s)" % (m["prepared"], m["prepare_seconds"]))
	cells = [(c["subject"], a, b["status"], b["detail"]) for c in m["commits"]
	         for a, b in c["builds"].items()]
	bad = [c for c in cells if c[2] != "ok"]
	for c in cells:
	    print("# %-60.60s %-7s %s" % c[:3])
	assert len(m["commits"]) >= 4 and not bad, bad
	PY
'
cat timing 2>/dev/null

test_expect_success 'the first mail of each series (its cover, or its one patch) carries the matrix' '
	for d in out/*/; do
		first=$(ls "$d"*.patch | head -n 1) &&
		grep -q "^Build matrix (x86_64 allmodconfig, i386 allmodconfig, arm allmodconfig):" \
			"$first" || return 1
	done
'

test_expect_success 'the work tree, index and HEAD are untouched' '
	test "$before" = "$(cd "$LINUX_REPO" && git status --porcelain | sha1sum)" &&
	test "$(git -C "$LINUX_REPO" rev-parse HEAD)" = "$head"
'

drop_test_refs
test_done
