#!/bin/sh
# The command line: --version, --help for every command, unknown options.
. "$(dirname "$0")/lib.sh"

test_expect_success '--version names the tool and libgit2' '
	kmap_local --version >out &&
	grep -E "^kmap-local version [0-9.]+ \(libgit2 [0-9.]+\)$" out
'

test_expect_success '--help lists the commands' '
	kmap_local --help >out &&
	grep -q "^    scan " out &&
	grep -q "^    diff " out
'

for cmd in scan diff; do
	test_expect_success "$cmd --help comes from the option table" "
		kmap_local $cmd --help >out &&
		grep -q '^usage: kmap-local $cmd ' out &&
		grep -q -- '--base=REV' out &&
		grep -q -- '-j, --jobs=N' out &&
		grep -q -- '--cocci=FILE|DIR' out
	"
done

test_expect_success 'diff --help shows the diff-only options' '
	kmap_local diff --help >out &&
	grep -q -- "--stat" out &&
	grep -q -- "--no-pager" out &&
	grep -q -- "--color" out
'

test_expect_success 'an unknown option is a usage error (129)' '
	make_mini_repo repo &&
	before=$(repo_snapshot repo) &&
	test_expect_code 129 kmap_local -C repo scan --frobnicate 2>err &&
	test_one_error_line err "unknown option .--frobnicate." &&
	grep -q "^usage: kmap-local scan" err &&
	test "$before" = "$(repo_snapshot repo)"
'

test_expect_success 'an unknown short option is a usage error' '
	test_expect_code 129 kmap_local -C repo diff -Z 2>err &&
	test_one_error_line err "unknown option .-Z."
'

test_expect_success 'an unknown command is a usage error' '
	test_expect_code 129 kmap_local frob 2>err &&
	test_one_error_line err "frob. is not a kmap-local command"
'

test_expect_success 'a bad number for --jobs is a usage error' '
	test_expect_code 129 kmap_local -C repo scan -j many 2>err &&
	test_one_error_line err "expects a non-negative number"
'

test_expect_success '--color and --no-color together: the last one wins, as in git' '
	kmap_local -C repo diff -q --color --no-color fs/minifs/dir.c >out &&
	! grep -q "$(printf "\033")" out &&
	kmap_local -C repo diff -q --no-color --color fs/minifs/dir.c >out &&
	grep -q "$(printf "\033")" out &&
	test_expect_code 129 kmap_local -C repo diff --no-color=always 2>err &&
	test_one_error_line err "option .--no-color. takes no value"
'

test_done
