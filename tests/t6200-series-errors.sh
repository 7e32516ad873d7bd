#!/bin/sh
# kmap-local series on bad input: one clear error line, a non-zero exit
# code, and the repository (refs included) and the output directory exactly
# as they were.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'

test_expect_success 'setup' '
	make_mini_repo repo &&
	before=$(repo_snapshot repo)
'

unchanged () {
	test "$before" = "$(repo_snapshot repo)" &&
	test ! -e series
}

test_expect_success 'no user identity' '
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL &&
		test_expect_code 1 kmap_local -C repo series --no-build 2>err
	) &&
	test_one_error_line err "no identity for the commits and Signed-off-by: set it with .git config user.name" &&
	unchanged
'

test_expect_success 'the identity may come from git config' '
	git clone -q repo cfg &&
	git -C cfg config user.name "Con Fig" &&
	git -C cfg config user.email config@example.org &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL &&
		kmap_local -C cfg series --no-build -o cfg-out >/dev/null 2>&1
	) &&
	grep -q "^From: Con Fig <config@example.org>" cfg-out/minifs/0001-*.patch &&
	grep -q "^Signed-off-by: Con Fig <config@example.org>" cfg-out/minifs/0001-*.patch
'

test_expect_success 'output directory not empty' '
	mkdir out && echo mine >out/notes &&
	test_expect_code 1 kmap_local -C repo series --no-build -o out 2>err &&
	test_one_error_line err "output directory .out. is not empty; remove it or choose another with -o" &&
	test "$(ls out)" = notes && test "$(cat out/notes)" = mine &&
	unchanged
'

test_expect_success 'a topic that is a branch: its series branches cannot go under it' '
	git clone -q repo other &&
	git -C other branch mine &&
	obefore=$(repo_snapshot other) &&
	test_expect_code 1 kmap_local -C other series --no-build --topic mine 2>err &&
	test_one_error_line err "branch .mine. already exists; the series branches of a topic go under .mine/.: choose another --topic" &&
	test "$obefore" = "$(repo_snapshot other)" &&
	test ! -e series
'

test_expect_success 'a topic that is not a valid branch name' '
	test_expect_code 1 kmap_local -C repo series --no-build --topic "bad..name" 2>err &&
	test_one_error_line err "bad..name. is not a valid branch name for --topic" &&
	unchanged
'

test_expect_success 'nothing to convert under the given paths' '
	test_expect_code 1 kmap_local -C repo series --no-build include 2>err &&
	test_one_error_line err "nothing to convert under the given paths (1 candidate files, none changed)" &&
	unchanged
'

test_expect_success 'conflicting and bad options' '
	test_expect_code 129 kmap_local -C repo series --no-build --per-maintainer --treewide 2>err &&
	test_one_error_line err "options .--per-maintainer. and .--treewide. cannot be used together" &&
	test_expect_code 129 kmap_local -C repo series --no-build --split=sideways 2>err &&
	test_one_error_line err "unknown --split .sideways. (use section, directory or file)" &&
	test_expect_code 129 kmap_local -C repo series --no-build -v 0 2>err &&
	test_one_error_line err "option .-v. must be at least 1" &&
	test_expect_code 129 kmap_local -C repo series --no-build --arch i386 2>err &&
	test_one_error_line err "option .--no-build. cannot be used with .--arch. or .--drop-failing." &&
	unchanged
'

test_expect_success 'no MAINTAINERS: a warning, one patch per directory' '
	git clone -q repo none &&
	git -C none rm -q MAINTAINERS &&
	git -C none commit -qm "drop MAINTAINERS" &&
	kmap_local -C none series --dry-run >plan 2>err &&
	grep -q "^warning: no MAINTAINERS file in the base tree; grouping by directory" err &&
	grep -q "^topic .*: 4 patches in 4 series" plan &&
	grep -q "files: fs/minifs/dir.c fs/minifs/file.c" plan
'

test_expect_success 'a malformed MAINTAINERS line: a warning, the series is still made' '
	git clone -q repo bad &&
	sed -i "s/^M:\tEve Memory/M\tEve Memory/" bad/MAINTAINERS &&
	git -C bad commit -qam "break MAINTAINERS" &&
	kmap_local -C bad series --no-build -o bad-out >/dev/null 2>err &&
	grep -q "^warning: MAINTAINERS:[0-9]*: malformed line .M	Eve Memory" err &&
	test -f bad-out/minifs/0001-*.patch
'

test_done
