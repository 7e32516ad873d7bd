#!/bin/sh
# kmap-local build: the mini tree's kbuild stand-in (tests/fixtures/mini-kernel
# Makefile, Kconfig, scripts/kconfig.sh) compiled with clang for x86_64, i386
# and arm, in build dirs under the cache and a checkout under the git dir.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_DATE='@1700000000 +0000'
# The treewide series' v1 tag: the five conversion commits on the base.
TOPIC=sent/kmap-local/2023-11-14/treewide-v1

# HEAD, the index, every ref and the work tree.
unchanged () {
	test "$before" = "$(repo_snapshot repo)"
}

test_expect_success 'setup: the conversion series of the mini tree' '
	make_mini_repo repo &&
	kmap_local -C repo series --treewide --no-build --no-checkpatch -o out >/dev/null 2>&1 &&
	test "$(git -C repo rev-list --count master..$TOPIC)" = 5 &&
	before=$(repo_snapshot repo)
'

test_expect_success 'every commit builds on x86_64, i386 and arm' '
	kmap_local -C repo build --toolchain llvm master..$TOPIC >matrix 2>err &&
	cat matrix &&
	test $(grep -c "^  x86_64 *ok (1 object)" matrix) = 4 &&
	test $(grep -c "^  i386 *ok (1 object)" matrix) = 5 &&
	test $(grep -c "^  arm *ok (1 object)" matrix) = 5 &&
	test $(grep -c "preparing .*/build/" err) = 3 &&
	unchanged
'

test_expect_success 'a file that needs a symbol the arch lacks is not-built, with the reason' '
	grep -A1 "mm/highmem: Convert" matrix | grep -q "x86_64 *not-built: mm/highmem-mini.o: needs CONFIG_HIGHMEM" &&
	cfg=$(ls -d .cache/kmap-local/build/*-x86_64-allmodconfig)/.config &&
	! grep -q "^CONFIG_HIGHMEM=y" $cfg &&
	grep -q "^CONFIG_MINIFS=y" $cfg
'

test_expect_success 'the sources come from a private checkout under the git dir' '
	test -f repo/.git/kmap-local/src/fs/minifs/file.c &&
	test "$(cat repo/.git/kmap-local/src.tree)" = "$(git -C repo rev-parse $TOPIC^{tree})" &&
	test -f $(ls -d .cache/kmap-local/build/*-arm-allmodconfig)/fs/minifs/file.o
'

test_expect_success 'the build dirs are reused; a broken one is made again' '
	kmap_local -C repo build --toolchain llvm --arch i386,arm $TOPIC~1 >m1 2>err &&
	test $(grep -c preparing err) = 2 &&
	kmap_local -C repo build --toolchain llvm --arch i386,arm $TOPIC~1 >m2 2>err &&
	! grep -q preparing err &&
	test_cmp m1 m2 &&
	rm .cache/kmap-local/build/$(git -C repo rev-parse $TOPIC~2^{tree} | cut -c1-12)-arm-allmodconfig/.config &&
	kmap_local -C repo build --toolchain llvm --arch i386,arm $TOPIC~1 >m3 2>err &&
	test $(grep -c preparing err) = 1 &&
	grep -q "preparing .*-arm-allmodconfig" err &&
	test_cmp m2 m3
'

test_expect_success 'a commit that breaks the build is an error, with the compiler output' '
	git clone -q repo broken &&
	sed -i "s/d\[i\] ^= s\[i\];/d[i] ^= s[i]/" broken/drivers/md/raid-mini.c &&
	git -C broken commit -qam "md/raid-mini: break the build" &&
	test_expect_code 1 kmap_local -C broken build --toolchain llvm --arch arm HEAD >m 2>err &&
	grep -q "^  arm *error" m &&
	grep -q "drivers/md/raid-mini.c:[0-9]*:[0-9]*: error: expected .;." m
'

test_expect_success 'a commit that adds a warning is new-warnings, with the new lines only' '
	git clone -q repo warn &&
	sed -i "s/^{/{\n\tint unused_here;/" warn/lib/checksum-mini.c &&
	git -C warn commit -qam "lib: add a warning" &&
	test_expect_code 1 kmap_local -C warn build --toolchain llvm --arch i386 HEAD >m 2>err &&
	grep -q "^  i386 *new-warnings" m &&
	grep -q "lib/checksum-mini.c:[0-9]*:[0-9]*: warning: unused variable .unused_here." m &&
	test $(grep -c "warning:" m) = 1
'

# A rule for lib/checksum-mini.o that fails without a compiler line, as
# fixdep does when two compiles of one make call share a .d (x86's
# usercopy_64.o at -j2 in Linux 6.1): whenever $1 holds.
add_quiet_failure () {
	git clone -q repo "$2" &&
	{
		echo "lib/checksum-mini.o: lib/checksum-mini.c \$(objtree)/include/generated/autoconf.h"
		printf "\t@if $1; then echo \"fixdep: error opening file: lib/.checksum-mini.o.d\" >&2; exit 2; fi\n"
		printf "\t@mkdir -p \$(objtree)/lib\n"
		printf "\t@\$(CC) \$(CFLAGS) -c -o \$(objtree)/\$@ \$(srctree)/\$<\n"
	} >>"$2"/Makefile &&
	git -C "$2" commit -qam "kbuild: a rule that fails quietly"
}

test_expect_success 'an object make -j2 leaves with no compiler error is built again at -j1' '
	add_quiet_failure "case \" \$(MAKEFLAGS) \" in *\" -j1 \"*) false;; esac" race &&
	sed -i "s/^{/{\n\t\/* once more *\//" race/lib/checksum-mini.c &&
	git -C race commit -qam "lib: touch" &&
	kmap_local -C race build --toolchain llvm --arch i386 -j 2 HEAD >m 2>err &&
	grep -q "^  i386 *ok (1 object)" m &&
	grep -q "i386: make -j2 left no lib/checksum-mini.o and printed no error: trying again at -j1" err
'

test_expect_success 'an object that fails quietly where the parent built it is an error that says so' '
	add_quiet_failure "grep -q QUIET_FAIL \$(srctree)/\$<" quiet &&
	sed -i "s/^{/{\n\t\/* QUIET_FAIL *\//" quiet/lib/checksum-mini.c &&
	sed -i "s/^{/{\n\t\/* here too *\//" quiet/fs/minifs/file.c &&
	git -C quiet commit -qam "lib, minifs: fail quietly" &&
	quiet_before=$(repo_snapshot quiet) &&
	test_expect_code 1 kmap_local -C quiet build --toolchain llvm --arch i386 -j 2 HEAD >m 2>err &&
	cat m &&
	grep -q "^  i386 *error" m &&
	grep -q "lib/checksum-mini.o: builds at the parent, not here, and the compiler said nothing (fixdep: error opening file: lib/.checksum-mini.o.d)" m &&
	grep -q "not built anywhere: lib/checksum-mini.o (i386: fails to build here (it builds at the parent))" m &&
	grep -q "trying again at -j1" err &&
	test "$quiet_before" = "$(repo_snapshot quiet)"
'

test_expect_success 'JSON matrix' '
	kmap_local -C repo build --toolchain llvm --arch i386 --json $TOPIC~1 >m.json 2>/dev/null &&
	python3 - m.json <<-\PY
	import json, sys
	m = json.load(open(sys.argv[1]))
	assert m["arches"] == ["i386"], m
	c = m["commits"][0]
	assert c["objects"] == ["fs/minifs/file.o"], c
	assert c["builds"]["i386"]["status"] == "ok", c
	PY
'

# distccd drops to nobody, who may not reach the trash directory (a
# checkout in root's home, mode 700): its log and pid go to $TMPDIR.
test_expect_success 'compiles go through distcc with --cc-wrapper (distccd on loopback)' '
	dcc=$(mktemp -d "${TMPDIR:-/tmp}/kmap-local-dcc.XXXXXX") &&
	chmod 777 "$dcc" &&
	port=$((36000 + $$ % 1000)) &&
	distccd --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port $port \
		--log-file "$dcc/log" --pid-file "$dcc/pid" --user nobody &&
	sleep 1 &&
	DISTCC_HOSTS=127.0.0.1:$port DISTCC_FALLBACK=0 kmap_local -C repo build \
		--toolchain llvm --arch i386 --cc-wrapper distcc $TOPIC~1 >m 2>err
	status=$?
	kill $(cat "$dcc/pid") 2>/dev/null
	cp "$dcc/log" dcc.log
	rm -rf "$dcc"
	test $status = 0 &&
	grep -q "^  i386 *ok (1 object)" m &&
	grep -q "COMPILE_OK .*clang .*fs/minifs/file.c" dcc.log &&
	! grep -q preparing err
'

test_expect_success 'setup: a compiler wrapper that holds a build' '
	printf "%s\n" "#!/bin/sh" "touch \"$TRASH/cc.held\"" \
		"while test -e \"$TRASH/cc.hold\"; do sleep 0.1; done" "exec \"\$@\"" >hold-cc &&
	chmod +x hold-cc &&
	git clone -q repo second &&
	rm -rf .cache/kmap-local/build/*-i386-*
'

test_expect_success 'two builds at once: the second waits for the first' '
	touch cc.hold
	rm -f cc.held
	kmap_local -C repo build --toolchain llvm --arch i386 --cc-wrapper "$TRASH/hold-cc" \
		$TOPIC~1 >first.m 2>first.err &
	first=$!
	for i in $(seq 600); do test -e cc.held && break; sleep 0.1; done
	kmap_local -C second build --toolchain llvm --arch i386 $(git -C repo rev-parse $TOPIC~1) \
		>second.m 2>second.err &
	second=$!
	for i in $(seq 600); do grep -q waiting second.err && break; sleep 0.1; done
	rm -f cc.hold
	wait $first && wait $second &&
	grep -q "^waiting for another kmap-local run (pid [0-9]*) to finish with the build directories" second.err &&
	test_cmp first.m second.m &&
	grep -q "^  i386 *ok (1 object)" second.m
'

test_expect_success 'an object name make would misread is not-built, nothing runs' '
	git clone -q repo evil &&
	echo "int evil;" >"evil/fs/minifs/x=\$(shell touch PWNED).c" &&
	echo "int dash;" >"evil/-dash.c" &&
	git -C evil add -A && git -C evil commit -qm "minifs: odd names" &&
	test_expect_code 0 kmap_local -C evil build --toolchain llvm --arch i386 HEAD >m 2>err &&
	grep -q "^  i386 *not-built: -dash.o: a name make cannot take as a target; fs/minifs/x=\$(shell touch PWNED).o: a name make" m &&
	test -z "$(find "$TRASH" -name PWNED)"
'

# A range of eight commits on a base whose fs/minifs/minifs.h already warns
# (in every file that includes it): clean, new-warning and broken commits
# that share no file, two commits on the same file, a header commit that
# ends the first run of .c-only commits, then two more .c-only commits.
test_expect_success 'setup: a range with commits to batch and commits on their own' '
	git clone -q --no-tags repo batch &&
	printf "%s\n" "static inline int minifs_old(int x)" "{" "	int y;" "" "	return x;" "}" \
		>batch/fs/minifs/minifs.h &&
	sed -i "s|^#include <linux/highmem.h>|&\n#include \"minifs.h\"|" batch/fs/minifs/dir.c &&
	git -C batch add -A && git -C batch commit -qm "minifs: add minifs.h" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		batch/fs/minifs/file.c &&
	git -C batch commit -qam "minifs: convert file.c" &&
	sed -i "s/^{/{\n\tint unused_here;/" batch/lib/checksum-mini.c &&
	git -C batch commit -qam "lib: add a warning" &&
	sed -i "s/p = kmap_atomic(page);/p = kmap_local_page(page);/; s/kunmap_atomic(p);/kunmap_local(p);/" \
		batch/drivers/block/ramdisk-mini.c &&
	git -C batch commit -qam "ramdisk: convert the zero path" &&
	sed -i "s/d\[i\] ^= s\[i\];/d[i] ^= s[i]/" batch/drivers/md/raid-mini.c &&
	git -C batch commit -qam "md/raid-mini: break the build" &&
	sed -i "s/src = kmap_atomic(page);/src = kmap_local_page(page);/; s/kunmap_atomic(src);/kunmap_local(src);/" \
		batch/drivers/block/ramdisk-mini.c &&
	git -C batch commit -qam "ramdisk: convert the read path" &&
	printf "%s\n" "static inline int minifs_new(int x)" "{" "	int z;" "" "	return x;" "}" \
		>>batch/fs/minifs/minifs.h &&
	git -C batch commit -qam "minifs: a header that warns" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		batch/mm/highmem-mini.c &&
	git -C batch commit -qam "mm/highmem-mini: convert" &&
	sed -i "s/de = kmap_atomic(page);/de = kmap_local_page(page);/; s/kunmap_atomic(de);/kunmap_local(de);/" \
		batch/fs/minifs/dir.c &&
	git -C batch commit -qam "minifs: convert dir.c" &&
	test "$(git -C batch rev-list --count HEAD~8..HEAD)" = 8
'

test_expect_success 'commits that share no file are built together, with the same matrix' '
	test_expect_code 1 kmap_local -C batch build --toolchain llvm --arch i386,arm --no-batch \
		--json HEAD~8..HEAD >alone.json 2>alone.err &&
	test_expect_code 1 kmap_local -C batch build --toolchain llvm --arch i386,arm \
		--json HEAD~8..HEAD >together.json 2>together.err &&
	! grep -q "commits together" alone.err &&
	grep -q "^building 3 commits together" together.err &&
	grep -q "^building 2 commits together" together.err &&
	test $(grep -c "^building [0-9a-f]\{12\} " together.err) = 3 &&
	! grep -q "belong to no commit" together.err &&
	python3 - alone.json together.json <<-\PY
	import json, sys
	alone, together = (json.load(open(f)) for f in sys.argv[1:])
	def cells(m):
	    for c in m["commits"]:
	        for b in c["builds"].values():
	            del b["seconds"]
	    return m["commits"]
	# one commit at a time: 8 commits, 2 arches, 2 sides
	assert alone["make_calls"] == 32, alone["make_calls"]
	# together: 2 groups of 2 calls a side, 3 commits on their own
	assert together["make_calls"] == 2 * 4 + 3 * 4, together["make_calls"]
	assert cells(alone) == cells(together), (alone, together)
	want = [("minifs: convert file.c", "ok"), ("lib: add a warning", "new-warnings"),
	        ("ramdisk: convert the zero path", "ok"),
	        ("md/raid-mini: break the build", "error"),
	        ("ramdisk: convert the read path", "ok"),
	        ("minifs: a header that warns", "new-warnings"),
	        ("mm/highmem-mini: convert", "ok"), ("minifs: convert dir.c", "ok")]
	got = [(c["subject"], c["builds"][a]["status"]) for c in together["commits"]
	       for a in ("i386", "arm")]
	assert got == [w for w in want for a in (0, 1)], got
	for c in together["commits"]:
	    d = c["builds"]["i386"]["detail"]
	    if c["subject"] == "minifs: a header that warns":
	        assert "minifs.h" in d and "unused variable \x27z\x27" in d and "\x27y\x27" not in d, d
	    if c["subject"] == "md/raid-mini: break the build":
	        assert "drivers/md/raid-mini.c" in d and "error:" in d, d
	PY
'

# Every compile says something about lib/checksum-mini.c: in another
# object's output that is no telling whose, so the group is built again
# one commit at a time.
test_expect_success 'output of one object naming another sends the group back to one commit at a time' '
	printf "%s\n" "#!/bin/sh" "echo \"lib/checksum-mini.c:1:1: warning: said elsewhere\" >&2" \
		"exec \"\$@\"" >noisy-cc &&
	chmod +x noisy-cc &&
	test_expect_code 1 kmap_local -C batch build --toolchain llvm --arch i386 \
		--cc-wrapper "$TRASH/noisy-cc" --json HEAD~8..HEAD~3 >m.json 2>err &&
	grep -q "^building 3 commits together" err &&
	grep -q "belong to no commit: building those 3 commits one at a time" err &&
	python3 - m.json <<-\PY
	import json, sys
	m = json.load(open(sys.argv[1]))
	got = [c["builds"]["i386"]["status"] for c in m["commits"]]
	assert got == ["ok", "new-warnings", "ok", "error", "ok"], got
	PY
'

# lib/checksum-mini.c #includes lib/checksum-table.c, which no Makefile
# builds: a commit to the table is built as checksum-mini.o, which the
# next commit changes too.
test_expect_success 'commits of a group that plan the same object are built on their own' '
	git clone -q --no-tags repo incl &&
	printf "%s\n" "static inline int checksum_table(void)" "{" "	return 1;" "}" \
		>incl/lib/checksum-table.c &&
	sed -i "s|^#include <linux/types.h>|&\n#include \"checksum-table.c\"|" incl/lib/checksum-mini.c &&
	git -C incl add -A && git -C incl commit -qm "lib: a table" &&
	sed -i "s/return 1;/int unused_t;\n\n\treturn 1;/" incl/lib/checksum-table.c &&
	git -C incl commit -qam "lib: the table warns" &&
	sed -i "s/u32 sum = 0;/u32 sum = 0U;/" incl/lib/checksum-mini.c &&
	git -C incl commit -qam "lib: an unsigned start" &&
	sed -i "s/^{/{\n\t\/* minifs *\//" incl/fs/minifs/file.c &&
	git -C incl commit -qam "minifs: a comment" &&
	test_expect_code 1 kmap_local -C incl build --toolchain llvm --arch i386 --no-batch --json \
		HEAD~3..HEAD >alone.json 2>err &&
	test_expect_code 1 kmap_local -C incl build --toolchain llvm --arch i386 --json \
		HEAD~3..HEAD >together.json 2>err &&
	grep -q "^building 3 commits together" err &&
	grep -q "^2 commits of the group plan an object another one plans too: building them on their own" err &&
	! grep -q "one at a time" err &&
	python3 - alone.json together.json <<-\PY
	import json, sys
	alone, together = (json.load(open(f)) for f in sys.argv[1:])
	got = [c["builds"]["i386"]["status"] for c in together["commits"]]
	assert got == ["new-warnings", "ok", "ok"], got
	assert [c["builds"]["i386"]["status"] for c in alone["commits"]] == got, alone
	assert together["make_calls"] == 1 + 2 * 2, together["make_calls"]
	PY
'

# lib/checksum-mini.c #includes ../mm/table-mini.c, from a directory the
# planner does not look in for includers: only the .cmd file shows it.
test_expect_success 'an object that reads a file of another commit of the group sends it back' '
	git clone -q --no-tags repo sib &&
	printf "%s\n" "static inline int table_mini(void)" "{" "	return 1;" "}" \
		>sib/mm/table-mini.c &&
	sed -i "s|^#include <linux/types.h>|&\n#include \"../mm/table-mini.c\"|" sib/lib/checksum-mini.c &&
	git -C sib add -A && git -C sib commit -qm "mm: a table" &&
	sed -i "s/return 1;/int unused_t;\n\n\treturn 1;/" sib/mm/table-mini.c &&
	git -C sib commit -qam "mm: the table warns" &&
	sed -i "s/u32 sum = 0;/u32 sum = 0U;/" sib/lib/checksum-mini.c &&
	git -C sib commit -qam "lib: an unsigned start" &&
	kmap_local -C sib build --toolchain llvm --arch i386 --no-batch --json \
		HEAD~2..HEAD >alone.json 2>err &&
	kmap_local -C sib build --toolchain llvm --arch i386 --json \
		HEAD~2..HEAD >together.json 2>err &&
	grep -q "^building 2 commits together" err &&
	grep -q "^[0-9]* objects\{0,1\} of the shared build read another commit.s file: building those 2 commits one at a time" err &&
	python3 - alone.json together.json <<-\PY
	import json, sys
	alone, together = (json.load(open(f)) for f in sys.argv[1:])
	cells = lambda m: [(c["builds"]["i386"]["status"], c["builds"]["i386"].get("detail")) for c in m["commits"]]
	assert cells(alone) == cells(together), (alone, together)
	PY
'

test_expect_success 'bad input: unknown arch, missing toolchain, bad config target' '
	test_expect_code 129 kmap_local -C repo build --arch vax HEAD 2>err &&
	test_one_error_line err "unknown architecture .vax." &&
	cat >arches <<-\EOF &&
	odd      arm   allmodconfig     nosuch-linux-gnu-  yes
	nodef    arm   nosuch_defconfig llvm               yes
	EOF
	test_expect_code 1 kmap_local -C repo build --arches arches --arch odd HEAD 2>err &&
	test_one_error_line err "arch .odd. needs .nosuch-linux-gnu-gcc.: install the Debian package gcc-nosuch-linux-gnu" &&
	test_expect_code 1 kmap_local -C repo build --arches arches --arch nodef HEAD 2>err &&
	test_one_error_line err "make nosuch_defconfig. failed for arch .nodef.: \*\*\* Can.t find default configuration" &&
	unchanged
'

test_expect_success 'bad input: an arch named twice in --arch' '
	test_expect_code 129 kmap_local -C repo build --arch i386,arm,i386 HEAD 2>err &&
	test_one_error_line err "architecture .i386. is named twice in --arch" &&
	test_expect_code 129 kmap_local -C repo build \
		--arch i386,i386,i386,i386,i386,i386,i386,i386,i386,i386,i386,i386 HEAD 2>err &&
	test_one_error_line err "architecture .i386. is named twice in --arch" &&
	unchanged
'

test_expect_success 'bad input: not a kernel tree, unwritable cache, bad range' '
	git init -q plain && echo "int x;" >plain/a.c && git -C plain add a.c &&
	git -C plain commit -qm one && echo "int y;" >>plain/a.c && git -C plain commit -qam two &&
	test_expect_code 1 kmap_local -C plain build --toolchain llvm HEAD 2>err &&
	test_one_error_line err "the base tree is not a kernel tree" &&
	: >notadir &&
	test_expect_code 128 env XDG_CACHE_HOME="$TRASH/notadir" "$KMAP_LOCAL" -C repo build \
		--toolchain llvm --arch i386 HEAD 2>err &&
	test_one_error_line err "notadir" &&
	test_expect_code 1 kmap_local -C repo build nosuch..HEAD 2>err &&
	test_one_error_line err "bad revision range .nosuch..HEAD." &&
	unchanged
'

# --arch auto: an arch/mips file, an object only the mips Kconfig reaches
# (MMC_AU_MINI depends on MIPS_ALCHEMY_MINI) and one behind a select chain
# that arm's allmodconfig excludes (CPU_COPY_FA_MINI <- CPU_FA_MINI <-
# ARCH_GEMINI_MINI, which depends on ARCH_MULTI_V4_MINI && !V7).
test_expect_success 'setup: arch code and symbols the default arches do not reach' '
	git clone -q --no-tags repo auto &&
	mkdir -p auto/arch/mips/mm auto/arch/arm/mm auto/drivers/mmc &&
	for f in arch/mips/mm/highmem-mips arch/arm/mm/copypage-fa-mini drivers/mmc/au-mini; do
		printf "%s\n" "#include <linux/highmem.h>" "" \
			"u32 $(basename $f | tr - _)_peek(struct page *page)" "{" \
			"	u32 *p = kmap_atomic(page);" "	u32 v = p[0];" "" \
			"	kunmap_atomic(p);" "	return v;" "}" >auto/$f.c || return 1
	done &&
	echo "obj-\$(CONFIG_HIGHMEM) += highmem-mips.o" >auto/arch/mips/mm/Makefile &&
	echo "obj-\$(CONFIG_CPU_COPY_FA_MINI) += copypage-fa-mini.o" >auto/arch/arm/mm/Makefile &&
	echo "obj-\$(CONFIG_MMC_AU_MINI) += au-mini.o" >auto/drivers/mmc/Makefile &&
	echo "obj-\$(CONFIG_MMC_MINI) += mmc/" >>auto/drivers/Makefile &&
	git -C auto add -A && git -C auto commit -qm "add arch and board code" &&
	for f in arch/mips/mm/highmem-mips arch/arm/mm/copypage-fa-mini drivers/mmc/au-mini; do
		sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
			auto/$f.c &&
		git -C auto commit -qam "convert $f" || return 1
	done &&
	cat >auto.conf <<-\EOF
	x86_64   x86_64  allmodconfig       llvm  yes   WERROR=n
	i386     i386    allmodconfig       llvm  yes   WERROR=n DEBUG_KMAP_LOCAL_FORCE_MAP=y
	arm      arm     allmodconfig       llvm  yes   WERROR=n
	arm-v4   arm     mini_v4_defconfig  llvm  auto
	mips     mips    allmodconfig       llvm  auto  WERROR=n
	EOF
	rm -rf .cache/kmap-local/build
'

test_expect_success '--arch auto builds arch code on its arch, and symbols where Kconfig reaches them' '
	kmap_local -C auto build --arches auto.conf HEAD~3..HEAD >m 2>err &&
	cat m &&
	sed -n "/convert arch.mips/,/^[0-9a-f]\{12\} /p" m >mips &&
	grep -q "^  mips *ok (1 object)" mips && test $(grep -c "^  " mips) = 1 &&
	sed -n "/convert arch.arm/,/^[0-9a-f]\{12\} /p" m >fa &&
	grep -q "^  arm *not-built: arch/arm/mm/copypage-fa-mini.o: needs CONFIG_CPU_COPY_FA_MINI (excluded by !ARCH_MULTI_V7_MINI, which is on for arm)" fa &&
	grep -q "^  arm-v4 *ok (1 object)" fa && test $(grep -c "^  " fa) = 2 &&
	sed -n "/convert drivers.mmc/,\$p" m >au &&
	grep -q "^  x86_64 *not-built: drivers/mmc/au-mini.o: needs CONFIG_MMC_AU_MINI (needs MIPS_ALCHEMY_MINI, which is not in the Kconfig of x86)" au &&
	grep -q "^  arm *not-built: drivers/mmc/au-mini.o: needs CONFIG_MMC_AU_MINI (needs MIPS_ALCHEMY_MINI, which is not in the Kconfig of arm)" au &&
	grep -q "^  mips *ok (1 object)" au &&
	grep -q "^Build matrix (x86_64 allmodconfig, i386 allmodconfig, arm allmodconfig, mips allmodconfig, arm-v4 mini_v4_defconfig):" m &&
	cfg=$(ls -d .cache/kmap-local/build/*-arm-v4-mini_v4_defconfig)/.config &&
	grep -q "^CONFIG_ARCH_MULTI_V4_MINI=y" $cfg && grep -q "^CONFIG_ARCH_GEMINI_MINI=y" $cfg &&
	grep -q "^CONFIG_CPU_COPY_FA_MINI=y" $cfg &&
	test $(grep -c "^preparing" err) = 5
'

# make on PATH, logging its arguments: which olddefconfig runs a build tries.
logging_make () {
	mkdir -p logbin &&
	printf "%s\n" "#!/bin/sh" "echo \"\$*\" >>\"$PWD/make.log\"" \
		"exec $(command -v make) \"\$@\"" >logbin/make &&
	chmod +x logbin/make &&
	PATH="$PWD/logbin:$PATH" make -v >/dev/null && test -s make.log &&
	: >make.log
}

test_expect_success '--arch auto: no olddefconfig for a symbol setting it alone cannot reach' '
	logging_make &&
	kmap_local -C auto build --arches auto.conf --arch x86_64,arm HEAD >/dev/null 2>&1 &&
	PATH="$PWD/logbin:$PATH" kmap_local -C auto build --arches auto.conf --arch x86_64,arm \
		HEAD >m 2>err &&
	! grep -q preparing err &&
	grep -q "^  x86_64 *not-built: drivers/mmc/au-mini.o: needs CONFIG_MMC_AU_MINI (needs MIPS_ALCHEMY_MINI, which is not in the Kconfig of x86)" m &&
	grep -q "^  arm *not-built: drivers/mmc/au-mini.o: needs CONFIG_MMC_AU_MINI (needs MIPS_ALCHEMY_MINI, which is not in the Kconfig of arm)" m &&
	! grep olddefconfig make.log
'

test_expect_success '--arch auto: a symbol the solver cannot read is still tried with olddefconfig' '
	git clone -q --no-tags auto nowhere &&
	printf "%s\n" "" "config NOWHERE_DRV_MINI" "	bool \"needs what no Kconfig defines\"" \
		"	depends on NOWHERE_MINI" >>nowhere/Kconfig &&
	echo "obj-\$(CONFIG_NOWHERE_DRV_MINI) += nowhere-mini.o" >>nowhere/drivers/mmc/Makefile &&
	echo "int nowhere_mini;" >nowhere/drivers/mmc/nowhere-mini.c &&
	git -C nowhere add -A && git -C nowhere commit -qm "add nowhere-mini" &&
	echo "int nowhere_mini = 1;" >nowhere/drivers/mmc/nowhere-mini.c &&
	git -C nowhere commit -qam "change nowhere-mini" &&
	kmap_local -C nowhere build --arches auto.conf --arch x86_64 HEAD >/dev/null 2>&1 &&
	: >make.log &&
	PATH="$PWD/logbin:$PATH" kmap_local -C nowhere build --arches auto.conf --arch x86_64 \
		HEAD >m 2>err &&
	! grep -q preparing err &&
	grep -q "^  x86_64 *not-built: drivers/mmc/nowhere-mini.o: needs CONFIG_NOWHERE_DRV_MINI (needs NOWHERE_MINI, which is not in the Kconfig of x86)" m &&
	test $(grep -c "ARCH=x86_64.*olddefconfig" make.log) = 1
'

test_expect_success '--arch auto: the arch is added only for the commits that need it' '
	kmap_local -C auto build --arches auto.conf --json HEAD~3..HEAD >m.json 2>err &&
	! grep -q preparing err &&
	python3 - m.json <<-\PY
	import json, sys
	m = json.load(open(sys.argv[1]))
	used = [sorted(c["builds"]) for c in m["commits"]]
	assert used == [["mips"], ["arm", "arm-v4"], ["arm", "i386", "mips", "x86_64"]], used
	PY
'

test_expect_success '--arch auto: an arch without its compiler is not-built, naming the package' '
	sed "s/^mips .*/mips mips allmodconfig nosuch-mips-linux-gnu- auto/" auto.conf >absent.conf &&
	kmap_local -C auto build --arches absent.conf HEAD~3 >m 2>err &&
	grep -q "^  mips *not-built: arch .mips. needs .nosuch-mips-linux-gnu-gcc.: install the Debian package gcc-nosuch-mips-linux-gnu" m &&
	grep -q "^  arm-v4 *ok (1 object)" m &&
	grep -q "^  not built anywhere: arch/mips/mm/highmem-mips.o (mips: arch .mips. needs .nosuch-mips-linux-gnu-gcc.: install" m &&
	grep -q "^  not built anywhere: drivers/mmc/au-mini.o (x86_64: needs CONFIG_MMC_AU_MINI (needs MIPS_ALCHEMY_MINI, which is not in the Kconfig of x86); i386: .*; arm: .*; mips: arch .mips. needs" m &&
	sed "s/^mips .*/mips mips allmodconfig none auto/" auto.conf >none.conf &&
	kmap_local -C auto build --arches none.conf HEAD~3 >m 2>err &&
	grep -q "^  mips *not-built: arch .mips.: Debian has no cross compiler for ARCH=mips" m &&
	kmap_local -C auto build --arches auto.conf --arch i386,arm HEAD~2 >m 2>err &&
	grep -q "^  (no object any arch builds)" m
'

test_expect_success '--arch auto: a plan that turns symbols off gets a build dir of its own' '
	git clone -q --no-tags auto nc &&
	mkdir -p nc/drivers/dma-mini &&
	printf "%s\n" "#include <linux/highmem.h>" "" "void nc_zero(struct page *page)" "{" \
		"	char *p = kmap_atomic(page);" "" "	p[0] = 0;" "	kunmap_atomic(p);" "}" \
		>nc/drivers/dma-mini/nc-mini.c &&
	echo "obj-\$(CONFIG_SYS_NONCOHERENT_MINI) += nc-mini.o" >nc/drivers/dma-mini/Makefile &&
	echo "obj-y += dma-mini/" >>nc/drivers/Makefile &&
	git -C nc add -A && git -C nc commit -qm "add nc-mini" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		nc/drivers/dma-mini/nc-mini.c &&
	git -C nc commit -qam "convert nc-mini" &&
	sed "s/^mips .*/mips-def mips defconfig llvm auto/" auto.conf >nc.conf &&
	kmap_local -C nc build --arches nc.conf HEAD >m 2>err &&
	cat m &&
	grep -q "^  mips-def *not-built: drivers/dma-mini/nc-mini.o: needs CONFIG_SYS_NONCOHERENT_MINI (reaching it turns off 1 symbol (COHERENT_CACHE_MINI) in the shared mips-def config)" m &&
	grep -q "^  mips-def+SYS_NONCOHERENT_MINI *ok (1 object)" m &&
	grep -q "^CONFIG_COHERENT_CACHE_MINI=y" $(ls -d .cache/kmap-local/build/*-mips-def-defconfig)/.config &&
	grep -q "^CONFIG_SYS_NONCOHERENT_MINI=y" \
		$(ls -d .cache/kmap-local/build/*-mips-def+SYS_NONCOHERENT_MINI-defconfig)/.config
'

# arch/powerpc/kvm/Makefile style: the object is only in a list that a
# make variable holds, expanded into another list, then into kvm.o.
test_expect_success '--arch auto: an object reached through make-variable lists' '
	git clone -q --no-tags nc kvm &&
	mkdir -p kvm/arch/mips/kvm-mini &&
	printf "%s\n" "#include <linux/highmem.h>" "" "void e500_mini_zero(struct page *page)" "{" \
		"	char *p = kmap_atomic(page);" "" "	p[0] = 0;" "	kunmap_atomic(p);" "}" \
		>kvm/arch/mips/kvm-mini/e500-mini.c &&
	cat >kvm/arch/mips/kvm-mini/Makefile <<-\EOF &&
	common-objs-y += common-mini.o
	kvm-e500-objs := \
		$(common-objs-y) \
		e500-mini.o
	kvm-objs-$(CONFIG_KVM_E500_MINI) := $(kvm-e500-objs)
	kvm-y += $(kvm-objs-m) $(kvm-objs-y)
	obj-$(CONFIG_KVM_E500_MINI) += kvm.o
	EOF
	printf "%s\n" "config KVM_E500_MINI" "	bool \"KVM on e500\"" \
		"	depends on MIPS_ALCHEMY_MINI" >>kvm/arch/mips/Kconfig &&
	git -C kvm add -A && git -C kvm commit -qm "add kvm-mini" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		kvm/arch/mips/kvm-mini/e500-mini.c &&
	git -C kvm commit -qam "convert e500-mini" &&
	kmap_local -C kvm build --arches nc.conf HEAD >m 2>err &&
	cat m &&
	grep -q "^  mips-def *ok (1 object)" m && ! grep -q "not built anywhere" m &&
	tree=$(git -C kvm rev-parse HEAD~1^{tree} | cut -c1-12) &&
	cfg=.cache/kmap-local/build/$tree-mips-def-defconfig/.config &&
	grep -q "^CONFIG_KVM_E500_MINI=y" $cfg && grep -q "^CONFIG_MIPS_ALCHEMY_MINI=y" $cfg
'

# arch/arm/mm/Makefile: "obj-y += dma-mapping$(MMUEXT).o", MMUEXT empty with an MMU.
test_expect_success '--arch auto: a make variable in an object name may stand for nothing' '
	git clone -q --no-tags kvm ext &&
	mkdir -p ext/arch/mips/mm-mini &&
	printf "%s\n" "#include <linux/highmem.h>" "" "void dma_mini_zero(struct page *page)" "{" \
		"	char *p = kmap_atomic(page);" "" "	p[0] = 0;" "	kunmap_atomic(p);" "}" \
		>ext/arch/mips/mm-mini/dma-mini.c &&
	echo "obj-y += dma-mini\$(MMUEXT).o" >ext/arch/mips/mm-mini/Makefile &&
	git -C ext add -A && git -C ext commit -qm "add dma-mini" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		ext/arch/mips/mm-mini/dma-mini.c &&
	git -C ext commit -qam "convert dma-mini" &&
	kmap_local -C ext build --arches nc.conf HEAD >m 2>err &&
	cat m &&
	grep -q "^  mips-def *ok (1 object)" m && ! grep -q "no Makefile builds it" m
'

# arch/x86/lib/Makefile: "lib-y += usercopy_$(BITS).o" is usercopy_64.o on x86_64 only.
test_expect_success '--arch auto: $(BITS) in an object name is the word size' '
	git clone -q --no-tags ext bits &&
	mkdir -p bits/arch/x86/lib-mini &&
	printf "%s\n" "#include <linux/highmem.h>" "" "void copy_mini_zero(struct page *page)" "{" \
		"	char *p = kmap_atomic(page);" "" "	p[0] = 0;" "	kunmap_atomic(p);" "}" \
		>bits/arch/x86/lib-mini/copy_64.c &&
	echo "lib-y += copy_\$(BITS).o" >bits/arch/x86/lib-mini/Makefile &&
	git -C bits add -A && git -C bits commit -qm "add copy_64" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		bits/arch/x86/lib-mini/copy_64.c &&
	git -C bits commit -qam "convert copy_64" &&
	kmap_local -C bits build --arches nc.conf HEAD >m 2>err &&
	cat m &&
	grep -q "^  x86_64 *ok (1 object)" m &&
	grep -q "^  i386 *not-built: arch/x86/lib-mini/copy_64.o: needs CONFIG_64BIT (needs 64BIT, which the x86 config sets the other way)" m &&
	! grep -q "not built anywhere" m
'

# i915: gem/selftests/huge_pages.c is #included by gem/i915_gem_object.c.
test_expect_success 'a .c file another one #includes is built through that one' '
	git clone -q --no-tags repo gem &&
	mkdir -p gem/drivers/gem-mini/selftests &&
	printf "%s\n" "#include <linux/highmem.h>" "" "void st_mini_zero(struct page *page)" "{" \
		"	char *p = kmap_atomic(page);" "" "	p[0] = 0;" "	kunmap_atomic(p);" "}" \
		>gem/drivers/gem-mini/selftests/st-mini.c &&
	printf "%s\n" "#include <linux/types.h>" "" "int obj_mini;" "" \
		"#include \"selftests/st-mini.c\"" >gem/drivers/gem-mini/obj-mini.c &&
	echo "obj-y += obj-mini.o" >gem/drivers/gem-mini/Makefile &&
	git -C gem add -A && git -C gem commit -qm "add gem-mini" &&
	sed -i "s/kmap_atomic(page)/kmap_local_page(page)/; s/kunmap_atomic(p)/kunmap_local(p)/" \
		gem/drivers/gem-mini/selftests/st-mini.c &&
	git -C gem commit -qam "convert st-mini" &&
	kmap_local -C gem build --toolchain llvm --arch x86_64 --json HEAD >m.json 2>err &&
	python3 - m.json <<-\PY
	import json, sys
	c = json.load(open(sys.argv[1]))["commits"][0]
	assert c["objects"] == ["drivers/gem-mini/obj-mini.o"], c["objects"]
	assert c["builds"]["x86_64"]["status"] == "ok" and c["unbuilt"] == [], c
	PY
'

test_expect_success 'series: the cover shows the arches each commit was built on' '
	git clone -q --no-tags auto autos &&
	git -C autos reset -q --hard HEAD~3 &&
	kmap_local -C autos series --treewide --no-checkpatch --topic auto --arches "$TRASH/auto.conf" \
		-o autos-out >/dev/null 2>err &&
	cover=autos-out/0000-cover-letter.patch &&
	tr "\n" " " <$cover | grep -q "compiled on x86_64, i386 and arm, and for the commits that need them on arm-v4 and mips (below)" &&
	sed -n "/highmem-mips/,/^[0-9a-f]\{12\} /p" $cover >mips &&
	grep -q "^  mips *ok (1 object)" mips && ! grep -q "^  x86_64" mips
'

test_done
