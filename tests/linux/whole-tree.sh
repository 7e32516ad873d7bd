# whole-tree.sh: the whole-tree tests of the real-kernel tier, sourced by
# t9000 (Linux 6.1) and t9010 (Linux 6.12) after they set LINUX_VERSION and
# the least they expect: MIN_FILES changed, MIN_SITES sites, MIN_LOCAL local.
LINUX_SETUP="$(cd "$(dirname "$0")" && pwd)/setup-linux.sh"
LINUX_REPO=$("$LINUX_SETUP" "$LINUX_VERSION") ||
	{ echo "Bail out! cannot set up Linux $LINUX_VERSION"; exit 1; }
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

test_expect_success "it changes at least $MIN_FILES files" '
	grep -c "^diff --git" cold.diff >n &&
	echo "files changed: $(cat n)" &&
	test $(cat n) -ge $MIN_FILES
'

test_expect_success 'the hunk checker rejects lines the conversion did not need' '
	printf "%s\\n" "--- a/x.c" "+++ b/x.c" "@@ -1,3 +1,3 @@" \
		"-	p = kmap_atomic(page);" "-	  q = 1;" \
		"+	p = kmap_local_page(page);" "+	q = 1;" \
		"@@ -9,3 +9,2 @@" "-	p = kmap_atomic(page);" "-	a = b +" "-	    c;" \
		"+	p = kmap_local_page(page);" "+	a = b + c;" \
		"@@ -20,1 +20,1 @@" "-	a  = 1;" "+	a = 1;" >needless.diff &&
	! python3 "$TEST_DIR/check-hunks.py" needless.diff >needless.out &&
	grep -q "^# re-indented: q = 1;" needless.out &&
	grep -q "^# joined: a = b + c;" needless.out &&
	grep -q "^# whitespace only" needless.out &&
	grep -q "^# 3 hunks checked, 3 bad" needless.out
'

test_expect_success 'the hunk checker takes a get-page redesign only for its own helpers' '
	printf "%s\\n" "diff --git a/a.c b/a.c" "--- a/a.c" "+++ b/a.c" \
		"@@ -1,6 +1,7 @@" "-static struct page *get(int n)" \
		"+static void *get(int n, struct page **pagep)" "-	if (!IS_ERR(page))" \
		"-		kmap(page);" "-	return page;" "+	*pagep = page;" \
		"+	if (IS_ERR(page))" "+		return ERR_CAST(page);" \
		"+	return kmap_local_page(page);" \
		"@@ -20,2 +21,1 @@" "-	page = get(n);" "-	p = (char *)page_address(page);" \
		"+	p = get(n, &page);" \
		"diff --git a/b.c b/b.c" "--- a/b.c" "+++ b/b.c" \
		"@@ -5,1 +5,1 @@" "-	page = get(n);" "+	p = get(n, &page);" >getpage.diff &&
	! python3 "$TEST_DIR/check-hunks.py" getpage.diff >getpage.out &&
	grep -q "^# 3 hunks checked, 1 bad" getpage.out &&
	grep -q "^+	p = get(n, &page);" getpage.out
'

test_expect_success 'every hunk only changes kmap calls, and no line it did not need' '
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
	python3 - scan.json $MIN_SITES $MIN_LOCAL <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	s = d["summary"]
	print("# sites %d, verdicts %s, unparsed files %d" % (s["sites"], s["verdicts"], s["unparsed"]))
	assert s["sites"] > int(sys.argv[2]), s
	assert s["verdicts"].get("local", 0) > int(sys.argv[3]), s
	assert all(x["line"] > 0 and x["function"] for x in d["sites"])
	PY
'

test_done
