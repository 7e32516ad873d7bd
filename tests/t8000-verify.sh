#!/bin/sh
# kmap-local verify: the bad inputs, each refused with one error line, a
# non-zero exit and the repository untouched, before anything is built.
# (Booting a kernel is the real-kernel tier's: tests/linux/t9300-verify.sh.)
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'
TOPIC=kmap-local/2023-11-14

unchanged () {
	test "$before" = "$(repo_snapshot repo)"
}

# A qemu-system-i386 that is only there to be found: these runs stop before any boot.
test_expect_success 'setup: the mini tree, its conversion series, a stand-in qemu' '
	make_mini_repo repo &&
	kmap_local -C repo series --no-build --no-checkpatch -o mails >/dev/null 2>&1 &&
	mkdir bin &&
	printf "#!/bin/sh\nexit 1\n" >bin/qemu-system-i386 &&
	chmod +x bin/qemu-system-i386 &&
	before=$(repo_snapshot repo)
'

test_expect_success 'the command is listed and has help' '
	kmap_local --help >help &&
	grep -q "^    verify " help &&
	kmap_local verify --help >vhelp &&
	grep -q "REV-RANGE|TOPIC" vhelp &&
	grep -q -- "--workloads=DIR" vhelp
'

test_expect_success 'no qemu on PATH: named with its Debian package' '
	test_expect_code 1 env PATH=/nonexistent "$KMAP_LOCAL" -C repo verify $TOPIC \
		>out 2>err &&
	test_one_error_line err "qemu-system-i386 not found: install Debian.s qemu-system-x86" &&
	test_must_be_empty out &&
	unchanged
'

test_expect_success 'no gcov on PATH: named with its Debian package' '
	mkdir nogcov &&
	ln -s "$PWD/bin/qemu-system-i386" nogcov/ &&
	ln -s "$(command -v gcc)" nogcov/gcc &&
	test_expect_code 1 env PATH="$PWD/nogcov" "$KMAP_LOCAL" -C repo verify $TOPIC \
		>out 2>err &&
	test_one_error_line err "gcov not found: install Debian.s gcc" &&
	test_must_be_empty out &&
	unchanged
'

test_expect_success 'not a kernel tree: no tools/include/nolibc' '
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C repo verify $TOPIC \
		>out 2>err &&
	test_one_error_line err "the base tree has no tools/include/nolibc/nolibc.h" &&
	unchanged
'

test_expect_success 'not a kernel tree: no top-level Makefile and Kconfig' '
	git init -q plain &&
	echo x >plain/a.c &&
	git -C plain add a.c &&
	git -C plain commit -qm one &&
	echo y >plain/a.c &&
	git -C plain commit -qam two &&
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C plain verify HEAD \
		>out 2>err &&
	test_one_error_line err "the base tree is not a kernel tree"
'

test_expect_success 'a workload with an unknown action, and a missing --workloads dir' '
	mkdir wl &&
	printf "paths fs/\nrun frobnicate\n" >wl/odd.workload &&
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C repo verify \
		--workloads wl $TOPIC >out 2>err &&
	test_one_error_line err "wl/odd.workload:2: unknown action .frobnicate." &&
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C repo verify \
		--workloads nowhere $TOPIC >out 2>err &&
	test_one_error_line err "cannot read the workload directory .nowhere." &&
	unchanged
'

test_expect_success 'a KUnit fallback whose suite pattern is not a symbol pattern' '
	printf "paths *\nkunit *_KUNIT_TEST lib-test\nrun boot\n" >wl/kunit.workload &&
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C repo verify \
		--workloads wl $TOPIC >out 2>err &&
	test_one_error_line err "wl/kunit.workload:2: .lib-test. is not a Kconfig symbol pattern" &&
	test_must_be_empty out &&
	rm wl/kunit.workload &&
	unchanged
'

test_expect_success 'a workload whose mkfs is not installed' '
	rm wl/odd.workload &&
	printf "paths fs/\ndisk 8\nmkfs mkfs.nosuchfs @IMAGE\nrun fs nosuchfs\n" >wl/nofs.workload &&
	test_expect_code 1 env PATH="$PWD/bin:$PATH" "$KMAP_LOCAL" -C repo verify \
		--workloads wl $TOPIC >out 2>err &&
	test_one_error_line err "workload .nofs. needs .mkfs.nosuchfs., which is not installed" &&
	unchanged
'

test_expect_success 'an unwritable cache directory' '
	make_verify_kernel &&
	kbefore=$(repo_snapshot kernel) &&
	test_expect_code 128 env PATH="$PWD/bin:$PATH" XDG_CACHE_HOME=/dev/null/cache \
		"$KMAP_LOCAL" -C kernel verify HEAD >out 2>err &&
	test_one_error_line err "/dev/null/cache" &&
	test "$kbefore" = "$(repo_snapshot kernel)"
'

test_expect_success 'usage errors: no range, two ranges, another arch, bad revisions' '
	test_expect_code 129 kmap_local -C repo verify 2>err &&
	test_one_error_line err "name one REV-RANGE" &&
	test_expect_code 129 kmap_local -C repo verify a b 2>err &&
	test_expect_code 129 kmap_local -C repo verify --arch arm $TOPIC 2>err &&
	test_one_error_line err "verify boots i386 only, not .arm." &&
	test_expect_code 1 kmap_local -C repo verify nosuch..branch 2>err &&
	test_one_error_line err "bad revision range" &&
	test_expect_code 1 kmap_local -C repo verify --base nosuch $TOPIC 2>err &&
	test_one_error_line err "unknown revision .nosuch. for --base" &&
	unchanged
'

test_done
