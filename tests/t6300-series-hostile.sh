#!/bin/sh
# series against hostile or racing input: header injection, a checked-out
# branch as the topic, git's branch-name rules, two runs at once, and odd
# -o, dates and identities.  Each refusal is one error line, exit 1, and
# nothing written: refs, work tree and output directory as they were.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'

test_expect_success 'setup' '
	make_mini_repo repo &&
	mkdir -p repo/scripts &&
	cp "$TEST_DIR/fixtures/checkpatch-standin.pl" repo/scripts/checkpatch.pl &&
	git -C repo add scripts && git -C repo commit -qm "scripts: add checkpatch" &&
	before=$(repo_snapshot repo)
'

unchanged () {
	test "$before" = "$(repo_snapshot repo)" &&
	test -z "$(ls -A out 2>/dev/null)" &&
	test ! -e series &&
	test -z "$(find repo/.git -name "*.patch")"
}

# refused MESSAGE-REGEX ARGS...: series ARGS fails with one error line.
refused () {
	msg=$1
	shift
	test_expect_code 1 kmap_local -C repo series --no-build "$@" 2>err &&
	test_one_error_line err "$msg" &&
	unchanged
}

test_expect_success 'a line break in --to or --cc' '
	refused "option .--to. holds a line break" --to "$(printf "a@b.org\\nBcc: evil@x.org")" &&
	refused "option .--cc. holds a line break" --cc "$(printf "a@b.org\\rX: y")"
'

test_expect_success 'a line break or angle bracket in the identity' '
	GIT_AUTHOR_NAME="$(printf "A U\\nThor")" refused "GIT_AUTHOR_NAME holds a line break" &&
	GIT_AUTHOR_EMAIL="$(printf "a@b.org\\r")" refused "GIT_AUTHOR_EMAIL holds a line break" &&
	GIT_AUTHOR_NAME="A <U> Thor" refused "GIT_AUTHOR_NAME holds a line break" &&
	(
		unset GIT_AUTHOR_NAME &&
		git -C repo config user.name "$(printf "Con\\tFig")" &&
		refused "user.name holds a line break, a control character"
	) &&
	git -C repo config --unset user.name &&
	test "$before" = "$(repo_snapshot repo)"
'

test_expect_success 'GIT_AUTHOR_DATE that git could not read back' '
	GIT_AUTHOR_DATE="@99999999999999999999 +0000" refused "cannot parse GIT_AUTHOR_DATE" &&
	GIT_AUTHOR_DATE="@253402300800 +0000" refused "GIT_AUTHOR_DATE .* is out of range" &&
	GIT_AUTHOR_DATE="@-1 +0000" refused "GIT_AUTHOR_DATE .* is out of range" &&
	GIT_AUTHOR_DATE="@1700000000 +9999" refused "GIT_AUTHOR_DATE .* is out of range" &&
	GIT_AUTHOR_DATE="@1700000000 +0075" refused "GIT_AUTHOR_DATE .* is out of range" &&
	GIT_AUTHOR_DATE="@1700000000 0000" refused "cannot parse GIT_AUTHOR_DATE" &&
	GIT_AUTHOR_DATE="@1700000000 +0000x" refused "cannot parse GIT_AUTHOR_DATE" &&
	GIT_AUTHOR_DATE="@1e30 +0000" refused "cannot parse GIT_AUTHOR_DATE"
'

test_expect_success 'topic names git refuses for a branch' '
	for t in -x HEAD @ a..b x.lock "a b" "a~1" "a:b" "a/" "/a" "a//b" "a@{1}"; do
		refused "is not a valid branch name for --topic" --topic "$t" || return 1
	done &&
	long=$(printf "%0300d" 0) &&
	refused "topic name of 300 bytes is too long for --topic (at most 200)" --topic "$long"
'

test_expect_success 'an existing branch is never a topic, even with --force' '
	refused "branch .master. already exists; the series branches of a topic go under" \
		--topic master --force &&
	git -C repo worktree add -q ../wt-dir -b in-wt &&
	before=$(repo_snapshot repo) &&
	refused "branch .in-wt. already exists" --topic in-wt --force &&
	refused "branch .in-wt. already exists" -C wt-dir --topic in-wt --force
'

test_expect_success 'a re-roll refuses when a series branch is checked out' '
	git clone -q repo co &&
	kmap_local -C co series --no-build --topic t -o co-v1 >/dev/null 2>&1 &&
	git -C co checkout -q t/minifs &&
	cbefore=$(repo_snapshot co) &&
	test_expect_code 1 kmap_local -C co series --no-build --base master --topic t -v 2 -o co-v2 2>err &&
	test_one_error_line err "branch .t/minifs. is checked out in .*co/.; kmap-local never moves a checked-out branch" &&
	test "$cbefore" = "$(repo_snapshot co)" && test ! -e co-v2
'

test_expect_success '-o empty or inside the git directory' '
	refused "option .-o. needs a directory name" -o "" &&
	refused "output directory .repo/.git/x. is inside the repository.s git directory" -o repo/.git/x &&
	refused "output directory .repo/.git. is inside" -o repo/.git &&
	refused "is inside the repository.s git directory" -o repo/no/../.git/refs/heads/x &&
	ln -s repo/.git git-link &&
	refused "is inside the repository.s git directory" -o git-link/y &&
	rm git-link
'

test_expect_success 'a FIFO where a cache entry should be: an error, no hang' '
	git clone -q repo fifo &&
	kmap_local -C fifo scan >/dev/null 2>&1 &&
	entry=$(find fifo/.git/kmap-local/cache -type f -path "*/??/*" | head -n 1) &&
	rm "$entry" && mkfifo "$entry" &&
	fbefore=$(repo_snapshot fifo) &&
	test_expect_code 1 timeout 60 "$KMAP_LOCAL" -C fifo scan >out-fifo 2>err &&
	test_one_error_line err "the cache entry of .* is not a regular file; remove" &&
	test -p "$entry" &&
	test "$fbefore" = "$(repo_snapshot fifo)"
'

test_expect_success 'a checkpatch.pl that dies is an error, not "0 errors"' '
	git clone -q repo dies &&
	echo "this is not perl;" >dies/scripts/checkpatch.pl &&
	git -C dies commit -qam "break checkpatch" &&
	dbefore=$(repo_snapshot dies) &&
	test_expect_code 1 kmap_local -C dies series --no-build -o dies-out 2>err &&
	test_one_error_line err "checkpatch.pl of the base tree failed on .0001-.*. (exit 255): .*; use --no-checkpatch" &&
	test "$dbefore" = "$(repo_snapshot dies)" && test ! -e dies-out &&
	kmap_local -C dies series --no-build --no-checkpatch -o dies-out >/dev/null 2>&1 &&
	test -n "$(ls dies-out)"
'

# Hold a series run inside checkpatch until the file "hold" is removed.
start_held_run () {
	rm -f hold.held
	touch hold
	KMAP_TEST_HOLD="$TRASH/hold" "$KMAP_LOCAL" -C "$1" series --no-build --topic "$2" \
		-o "$3" >"$3.out" 2>"$3.err" &
	held=$!
	for i in $(seq 600); do test -e hold.held && return 0; sleep 0.1; done
	echo "the first run never reached checkpatch"
	return 1
}

test_expect_success 'two runs on one topic: the second fails at once, the first wins' '
	git clone -q repo two &&
	start_held_run two t run1 &&
	tbefore=$(repo_snapshot two) &&
	test_expect_code 1 kmap_local -C two series --no-build --topic t -o run2 2>err &&
	test_one_error_line err "another kmap-local run (pid [0-9]*) is using topic .t.; wait for it" &&
	test "$tbefore" = "$(repo_snapshot two)" && test ! -e run2 &&
	rm hold && wait $held &&
	test "$(git -C two rev-parse t/minifs^{tree})" = "$(git -C two rev-parse sent/t/minifs-v1^{tree})" &&
	test -n "$(ls run1)"
'

test_expect_success 'a ref moved by someone else during the run: nothing written' '
	git clone -q repo moved &&
	start_held_run moved t2 run3 &&
	git -C moved branch t2/minifs HEAD~1 &&
	rm hold &&
	test_expect_code 1 wait $held &&
	test_one_error_line run3.err "refs/heads/t2/minifs. was changed by another command while this run was making topic .t2.; nothing was written" &&
	test "$(git -C moved rev-parse t2/minifs)" = "$(git -C moved rev-parse HEAD~1)" &&
	! git -C moved rev-parse -q --verify sent/t2/minifs-v1 &&
	! git -C moved rev-parse -q --verify t2/block &&
	test ! -e run3 && test ! -e run3.kmap-local-partial
'

test_done
