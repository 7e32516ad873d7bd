#!/bin/sh
# kmap-local verify from end to end with stand-ins for make, gcc and qemu
# (a real kernel is the real tier's, tests/linux/t9300-verify.sh): the
# first run builds both kernels under the build lock; a re-run whose
# kernels are built boots them without taking or waiting for that lock,
# while a run that has to build still waits.
#
# The stand-in make compiles the converted object for real, as a small
# program with the gcov flags verify passes (GCOV_PROFILE_<obj>=... and
# CFLAGS_GCOV), and the stand-in qemu runs it and prints its .gcda as init
# would: the host's gcov must then count the converted functions, the
# static helper too.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'
TOPIC=kmap-local/2023-11-14
LOCK="$XDG_CACHE_HOME/kmap-local/build/.lock"

# Hold the build lock, as another run's build would, until "hold" goes.
hold_lock () {
	mkdir -p "$(dirname "$LOCK")" &&
	: >hold &&
	flock -x "$LOCK" sh -c ': >held; while test -e hold; do sleep 0.1; done' &
	holder=$!
	for i in $(seq 300); do test -e held && return 0; sleep 0.1; done
	return 1
}

let_go () {
	rm -f hold held
	wait $holder
}

test_expect_success 'setup: a kernel-shaped tree, one conversion commit, stand-in tools' '
	export TRASH &&
	make_mini_repo repo &&
	kmap_local -C repo series --no-build --no-checkpatch -o mails >/dev/null 2>&1 &&
	make_verify_kernel &&
	mkdir bin &&
	REAL_GCC=$(command -v gcc) && export REAL_GCC &&
	cat >raid-mini.c <<-\EOF &&
	static int raid_mini_xor(int x) { return x ^ 5; }
	int raid_mini_check(int n) { int s = 0; for (int i = 0; i < n; i++) s += raid_mini_xor(i); return s; }
	int main(void) { return raid_mini_check(3) == 99; }
	EOF
	cat >bin/make <<-\EOF &&
	#!/bin/sh
	# kbuild stand-in: an empty .config, a bzImage that says it was built,
	# and drivers/md/raid-mini.o as a program when told to profile it
	for a; do case $a in O=*) out=${a#O=} ;; CFLAGS_GCOV=*) gcov=${a#CFLAGS_GCOV=} ;; esac; done
	for a; do
		case $a in
		tinyconfig) : >"$out/.config" ;;
		olddefconfig)
			# KTAP_MENU=1: the suite needs its menu; MINI_RAID_EXTRA_TEST never holds
			test -z "$KTAP_MENU" || {
				grep -qx CONFIG_MINI_TESTS_MENU=y "$out/.config" ||
					sed -i "/^CONFIG_MINI_RAID_KUNIT_TEST=y/d" "$out/.config"
				sed -i "/^CONFIG_MINI_RAID_EXTRA_TEST=y/d" "$out/.config"
			} ;;
		GCOV_PROFILE_raid-mini.o=*"(filter drivers/md,"*)
			mkdir -p "$out/drivers/md" &&
			$REAL_GCC -O2 $gcov -c -o "$out/drivers/md/raid-mini.o" "$TRASH/raid-mini.c" &&
			$REAL_GCC -fprofile-arcs -o "$out/drivers/md/raid-mini.prog" \
				"$out/drivers/md/raid-mini.o" &&
			echo "$out/drivers/md/raid-mini" >"$TRASH/profiled" || exit 1 ;;
		bzImage) mkdir -p "$out/arch/x86/boot" &&
			 echo "bzImage $$" >"$out/arch/x86/boot/bzImage" &&
			 echo bzImage >>"$TRASH/made" ;;
		esac
	done
	EOF
	cat >bin/gcc <<-\EOF &&
	#!/bin/sh
	# the guest init: only its -o file is needed
	while test $# -gt 1; do test "$1" = -o && echo init >"$2"; shift; done
	EOF
	cat >bin/qemu-system-i386 <<-\EOF &&
	#!/bin/sh
	# a console on which init ran each workload (bundled, and extra) alike
	echo "KMAP-VERIFY init"
	for w in boot brd crypto ext2 ext4 iov minix zram extra; do
		echo "KMAP-VERIFY begin $w"
		echo "KMAP-VERIFY result $w ok 0"
	done
	# KTAP=1: a built-in KUnit suite that passes on the base, fails on the tip
	if test -n "$KTAP"; then
		case "$*" in *tip.bzImage*) r="not ok" ;; *) r=ok ;; esac
		printf "[    1.000000] KTAP version 1\n[    1.000001] 1..1\n"
		printf "[    1.000002]     # Subtest: raid_mini\n[    1.000003]     1..1\n"
		printf "[    1.000004]     # raid_mini_xor: EXPECTATION FAILED at drivers/md/raid-mini-test.c:9\n"
		printf "[    1.000005]     %s 1 raid_mini_xor\n[    1.000006] %s 1 raid_mini\n" "$r" "$r"
	fi
	obj=$(cat "$TRASH/profiled")
	rm -f "$obj.gcda" && "$obj.prog"
	echo "KMAP-VERIFY gcda /sys/kernel/debug/gcov$obj.gcda $(wc -c <"$obj.gcda")"
	od -An -v -tx1 "$obj.gcda" | tr -d " \n" | fold -w 128 | sed "s/^/KMAP-VERIFY gcdax /"
	echo
	echo "KMAP-VERIFY gcda-end"
	echo "KMAP-VERIFY done"
	EOF
	chmod +x bin/make bin/gcc bin/qemu-system-i386 &&
	before=$(repo_snapshot kernel)
'

test_expect_success 'a first run builds both kernels and boots them' '
	PATH="$TRASH/bin:$PATH" kmap_local -C kernel verify HEAD >first.out 2>first.err &&
	test "$(grep -c bzImage made)" = 2 &&
	grep -q "^Base: build [0-9]" first.out &&
	grep -q "^Tip: build [0-9]" first.out &&
	grep -q "^    raid_mini_xor  *ran 3 times (gcov)$" first.out &&
	grep -q "^    raid_mini_check  *ran 1 time (gcov)$" first.out &&
	grep -q "^converted functions exercised at run time: 2 of 2; no warnings" first.out &&
	test "$before" = "$(repo_snapshot kernel)"
'

test_expect_success 'a cached re-run boots while another run holds the build lock' '
	hold_lock &&
	PATH="$TRASH/bin:$PATH" timeout 30 "$KMAP_LOCAL" -C kernel verify HEAD \
		>again.out 2>again.err
	ret=$?
	let_go
	test $ret = 0 &&
	! grep -q "waiting for another kmap-local run" again.err &&
	grep -q "^Base: build cached" again.out &&
	grep -q "^Tip: build cached" again.out &&
	grep -q "^    raid_mini_xor  *ran 3 times (gcov)$" again.out &&
	test "$(grep -c bzImage made)" = 2 &&
	test "$before" = "$(repo_snapshot kernel)"
'

test_expect_success 'a run that must build still waits for the lock' '
	rm "$XDG_CACHE_HOME"/kmap-local/build/*-verify-i386-tinyconfig/kmap-local-verify/*.bzImage &&
	hold_lock &&
	PATH="$TRASH/bin:$PATH" "$KMAP_LOCAL" -C kernel verify HEAD >wait.out 2>wait.err &
	run=$!
	for i in $(seq 300); do grep -q waiting wait.err && break; sleep 0.1; done
	test "$(grep -c bzImage made)" = 2
	still=$?
	let_go
	wait $run &&
	test $still = 0 &&
	grep -q "^waiting for another kmap-local run (pid [0-9]*) to finish with the build directories" wait.err &&
	test "$(grep -c bzImage made)" = 4
'

test_expect_success 'a changed fragment is no cached kernel: it builds' '
	mkdir wl &&
	printf "paths drivers/md/\nconfig MD_EXTRA=y\nrun boot\n" >wl/extra.workload &&
	PATH="$TRASH/bin:$PATH" kmap_local -C kernel verify --workloads wl HEAD >frag.out 2>frag.err &&
	grep -q "^Workloads: extra$" frag.out &&
	grep -q "^Base: build [0-9]" frag.out &&
	test "$(grep -c bzImage made)" = 6
'

test_expect_success 'each build starts from the prepared .config: a last run.s symbol goes' '
	config=$(ls -d "$XDG_CACHE_HOME"/kmap-local/build/*-verify-i386-tinyconfig/.config) &&
	grep -qx CONFIG_MD_EXTRA=y $config &&
	rm "$XDG_CACHE_HOME"/kmap-local/build/*-verify-i386-tinyconfig/kmap-local-verify/*.bzImage &&
	PATH="$TRASH/bin:$PATH" kmap_local -C kernel verify HEAD >plain.out 2>plain.err &&
	grep -q "^Base: build [0-9]" plain.out &&
	test "$(grep -c bzImage made)" = 8 &&
	! grep -q MD_EXTRA $config &&
	grep -qx CONFIG_HIGHMEM4G=y $config
'

test_expect_success 'the KUnit fallback: the directory.s suite built in, a new not ok fails' '
	git clone -q kernel kunit &&
	git -C kunit reset -q --hard HEAD^ &&
	echo "obj-\$(CONFIG_MINI_RAID_KUNIT_TEST) += raid-mini-test.o" >>kunit/drivers/md/Makefile &&
	printf "\nconfig MINI_RAID_KUNIT_TEST\n\tbool \"tests\"\n\tdepends on MINI_RAID && KUNIT\n" \
		>>kunit/Kconfig &&
	printf "static struct kunit_suite s = {\n\t.name = \"raid_mini\",\n};\n" \
		>kunit/drivers/md/raid-mini-test.c &&
	git -C kunit add . &&
	git -C kunit commit -qm "md: raid-mini tests" &&
	git -C kunit cherry-pick $(git -C kernel rev-parse HEAD) >/dev/null &&
	kbefore=$(repo_snapshot kunit) &&
	test_expect_code 1 env PATH="$TRASH/bin:$PATH" KTAP=1 "$KMAP_LOCAL" -C kunit verify \
		--json HEAD >kunit.json 2>kunit.err &&
	grep -q "\"workloads\": \[\"boot\", \"kunit\"\]" kunit.json &&
	grep -q "\"KUNIT=y\"" kunit.json &&
	grep -q "\"MINI_RAID_KUNIT_TEST=y\"" kunit.json &&
	grep -q "\"kunit_symbols\": \[\"MINI_RAID_KUNIT_TEST\"\], \"kunit_suites\": \[\"raid_mini\"\]" kunit.json &&
	grep -q "\"status\": \"failed\", \"detail\": \"KUnit test raid_mini.raid_mini_xor failed on the tip (ok on the base)\\\\n# raid_mini_xor: EXPECTATION FAILED at drivers/md/raid-mini-test.c:9\"" kunit.json &&
	grep -q "\"kunit\": {\"suites\": 1, \"cases\": 1, \"ok\": 1, \"failed\": 0" kunit.json &&
	test "$kbefore" = "$(repo_snapshot kunit)"
'

test_expect_success 'the KUnit fallback: a suite behind a menu is reached, one that cannot be is named' '
	git clone -q kunit kunit-menu &&
	git -C kunit-menu reset -q --hard HEAD^ &&
	echo "obj-\$(CONFIG_MINI_RAID_EXTRA_TEST) += raid-mini-test.o" >>kunit-menu/drivers/md/Makefile &&
	sed -i "/^config MINI_RAID_KUNIT_TEST/,\$d" kunit-menu/Kconfig &&
	printf "%s\n" "menuconfig MINI_TESTS_MENU" "	bool \"Runtime tests\"" "if MINI_TESTS_MENU" \
		"config MINI_RAID_KUNIT_TEST" "	bool \"tests\"" "	depends on MINI_RAID && KUNIT" \
		"endif" "config MINI_RAID_EXTRA_TEST" "	bool \"more tests\"" \
		"	depends on KUNIT && MINI_NOWHERE" >>kunit-menu/Kconfig &&
	git -C kunit-menu commit -qam "md: raid-mini tests behind a menu" &&
	git -C kunit-menu cherry-pick $(git -C kernel rev-parse HEAD) >/dev/null &&
	test_expect_code 1 env PATH="$TRASH/bin:$PATH" KTAP=1 KTAP_MENU=1 "$KMAP_LOCAL" \
		-C kunit-menu verify --json HEAD >menu.json 2>menu.err &&
	config=$(ls -d "$XDG_CACHE_HOME"/kmap-local/build/*-verify-i386-tinyconfig/.config |
		xargs grep -l MINI_TESTS_MENU) &&
	grep -qx CONFIG_MINI_TESTS_MENU=y $config &&
	grep -qx CONFIG_MINI_RAID_KUNIT_TEST=y $config &&
	grep -q "\"refused\": \[\"CONFIG_MINI_RAID_EXTRA_TEST=y (Kconfig: needs MINI_NOWHERE" menu.json &&
	grep -q "KUnit test raid_mini.raid_mini_xor failed on the tip" menu.json &&
	grep -q "; KUnit suites not built: CONFIG_MINI_RAID_EXTRA_TEST=y" menu.json
'

test_done
