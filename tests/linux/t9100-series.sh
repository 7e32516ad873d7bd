#!/bin/sh
# The real-kernel tier of issue 4: on Linux 6.1, kmap-local maintainers
# against the tree's own get_maintainer.pl, and the whole-tree series with
# the tree's checkpatch.pl.  The test topic refs are removed again.
LINUX_SETUP="$(cd "$(dirname "$0")" && pwd)/setup-linux.sh"
LINUX_REPO=$("$LINUX_SETUP") || { echo "Bail out! cannot set up Linux 6.1"; exit 1; }
. "$(dirname "$0")/../lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'
TOPIC=kmap-local-test/t9100

drop_test_refs () {
	git -C "$LINUX_REPO" for-each-ref --format='%(refname)' refs/heads/kmap-local-test \
		refs/tags/sent/kmap-local-test | xargs -r -n1 git -C "$LINUX_REPO" update-ref -d
}

# HEAD, the index and the work tree's status.
worktree_snapshot () {
	(
		cd "$LINUX_REPO" &&
		git status --porcelain >/dev/null
		git symbolic-ref -q HEAD
		git rev-parse HEAD
		sha1sum .git/index
		git status --porcelain --ignored --untracked-files=all
	) | sha1sum
}

test_expect_success 'setup' '
	drop_test_refs &&
	git -C "$LINUX_REPO" for-each-ref >refs.before &&
	before=$(worktree_snapshot) &&
	base=$(git -C "$LINUX_REPO" rev-parse HEAD) &&
	kmap_local -C "$LINUX_REPO" scan --json >scan.json 2>/dev/null &&
	python3 -c "import json; print(\"\n\".join(f[\"path\"] for f in json.load(open(\"scan.json\"))[\"files\"]))" >candidates &&
	test $(wc -l <candidates) -gt 250
'

test_expect_success 'maintainers agree with get_maintainer.pl on >= 99.5 % of files' '
	python3 "$TEST_DIR/compare-maintainers.py" "$LINUX_REPO" candidates "$TRASH" >agree.out 2>&1;
	status=$? &&
	cat agree.out &&
	test $status = 0
'
grep "^# [0-9]* files" agree.out 2>/dev/null

test_expect_success 'the whole-tree series, per maintainer, with checkpatch' '
	start=$(date +%s) &&
	kmap_local -C "$LINUX_REPO" series --no-build --topic $TOPIC -o out >files 2>err &&
	echo "# series in $(($(date +%s) - start)) s" >timing &&
	python3 - out/report.json >>timing <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))
	patches = [p for s in r["series"] for p in s["patches"]]
	files = sum(len(p["files"]) for p in patches)
	cp = {k: sum(s["checkpatch"][k] for s in r["series"]) for k in ("errors", "warnings", "checks")}
	print("# %d series, %d patches, %d files; checkpatch %s" % (len(r["series"]), len(patches),
	      files, cp))
	assert len(patches) >= 80 and files >= 150, (len(patches), files)
	assert cp["errors"] == 0, cp
	assert all(len(p["subject"]) <= 75 for p in patches)
	assert all(p["to"] or p["cc"] for p in patches)
	PY
'
cat timing 2>/dev/null

test_expect_success 'each series applies alone on the base and gives its branch' '
	python3 -c "import json; [print(s[\"name\"]) for s in json.load(open(\"out/report.json\"))[\"series\"]]" >names &&
	(
		for s in $(cat names); do
			GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" read-tree $base &&
			for f in $(ls out/$s/0*.patch | grep -v /0000-cover-letter.patch); do
				GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" apply --cached \
					"$TRASH/$f" || exit 1
			done &&
			test "$(GIT_INDEX_FILE="$TRASH/index" git -C "$LINUX_REPO" write-tree)" = \
				"$(git -C "$LINUX_REPO" rev-parse $TOPIC/$s^{tree})" || exit 1
		done
	)
'

test_expect_success 'HEAD, the index and the work tree are untouched; only series refs added' '
	test "$before" = "$(worktree_snapshot)" &&
	git -C "$LINUX_REPO" for-each-ref | grep -v -F -f refs.before | cut -f2 >added &&
	{
		sed "s|^|refs/heads/$TOPIC/|" names &&
		sed "s|^\(.*\)$|refs/tags/sent/$TOPIC/\1-v1|" names
	} | sort >expect &&
	sort added >added.sorted &&
	test_cmp expect added.sorted
'

drop_test_refs
test_done
