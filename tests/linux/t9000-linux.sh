#!/bin/sh
# The real-kernel tier: kmap-local over the whole Linux 6.1 tree from
# Debian's linux-source-6.1 (a cold run, then a cached one).
LINUX_SETUP="$(cd "$(dirname "$0")" && pwd)/setup-linux.sh"
LINUX_REPO=$("$LINUX_SETUP") || { echo "Bail out! cannot set up Linux 6.1"; exit 1; }
. "$(dirname "$0")/../lib.sh"

snapshot () {
	(
		cd "$LINUX_REPO" &&
		git status --porcelain >/dev/null	# may refresh the index first
		git symbolic-ref -q HEAD
		git rev-parse HEAD
		git for-each-ref
		sha1sum .git/index
		git status --porcelain --ignored --untracked-files=all
	) | sha1sum
}

test_expect_success 'setup: a cold cache' '
	rm -rf "$LINUX_REPO/.git/kmap-local" &&
	before=$(snapshot) &&
	git -C "$LINUX_REPO" ls-files | wc -l >files &&
	test $(cat files) -gt 70000
'

test_expect_success 'diff over the whole tree finishes' '
	kmap_local -C "$LINUX_REPO" diff >cold.diff 2>cold.err &&
	cat cold.err &&
	grep -q "(0 from cache, [0-9]* through spatch)" cold.err
'

test_expect_success 'the diff applies to the base' '
	git -C "$LINUX_REPO" apply --check "$TRASH/cold.diff"
'

test_expect_success 'it changes at least 150 files' '
	grep -c "^diff --git" cold.diff >n &&
	echo "files changed: $(cat n)" &&
	test $(cat n) -ge 150
'

test_expect_success 'every hunk only changes kmap calls' '
	python3 "$TEST_DIR/check-hunks.py" cold.diff
'

test_expect_success 'the repository is unchanged afterwards' '
	test "$before" = "$(snapshot)"
'

test_expect_success 'the second run is served from the cache and identical' '
	kmap_local -C "$LINUX_REPO" diff >warm.diff 2>warm.err &&
	cat warm.err &&
	grep -q " 0 through spatch)" warm.err &&
	test_cmp cold.diff warm.diff
'

test_expect_success 'scan reports a verdict for every site, with a summary' '
	kmap_local -C "$LINUX_REPO" scan --json >scan.json &&
	python3 - scan.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	s = d["summary"]
	print("# sites %d, verdicts %s, unparsed files %d" % (s["sites"], s["verdicts"], s["unparsed"]))
	assert s["sites"] > 500
	assert s["verdicts"].get("local", 0) > 300
	assert all(x["line"] > 0 and x["function"] for x in d["sites"])
	PY
'

test_done
