#!/bin/sh
# Bad input: one clear error line, a non-zero exit code, and the user's
# repository (HEAD, refs, index, work tree) exactly as it was.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	make_mini_repo repo &&
	before=$(repo_snapshot repo)
'

unchanged () {
	test "$before" = "$(repo_snapshot repo)"
}

test_expect_success 'not a repository (-C)' '
	mkdir plain &&
	test_expect_code 1 kmap_local -C plain scan 2>err &&
	test_one_error_line err "not a git repository: .plain."
'

test_expect_success 'not a repository (current directory)' '
	(cd plain && test_expect_code 1 kmap_local diff) 2>err &&
	test_one_error_line err "not a git repository (or any parent"
'

test_expect_success '-C naming a missing directory' '
	test_expect_code 128 kmap_local -C nowhere scan 2>err &&
	test_one_error_line err "cannot use .nowhere. as the repository"
'

test_expect_success 'unknown --base' '
	test_expect_code 1 kmap_local -C repo diff --base no-such-rev 2>err &&
	test_one_error_line err "unknown revision .no-such-rev. for --base" &&
	unchanged
'

test_expect_success 'a pathspec that matches nothing' '
	test_expect_code 1 kmap_local -C repo scan fs/nothing-here 2>err &&
	test_one_error_line err "pathspec .fs/nothing-here. did not match any file" &&
	unchanged
'

test_expect_success 'spatch missing' '
	SPATCH=/nonexistent/spatch test_expect_code 1 kmap_local -C repo scan 2>err &&
	test_one_error_line err "spatch is needed: install the Debian package .coccinelle." &&
	unchanged
'

test_expect_success 'spatch older than 1.1' '
	cat >old-spatch <<-\EOF &&
	#!/bin/sh
	echo "spatch version 1.0.8 compiled with OCaml version 4.11.1"
	EOF
	chmod +x old-spatch &&
	SPATCH="$TRASH/old-spatch" test_expect_code 1 kmap_local -C repo diff 2>err &&
	test_one_error_line err "spatch 1.0.8 is too old: kmap-local needs Coccinelle 1.1" &&
	unchanged
'

test_expect_success 'a missing cocci file' '
	test_expect_code 1 kmap_local -C repo scan --cocci missing.cocci 2>err &&
	test_one_error_line err "cannot read semantic patch .missing.cocci.: No such file" &&
	unchanged
'

test_expect_success 'a cocci file with a syntax error' '
	printf "@r@\n@@\n- foo(\n+ bar(\n" >bad.cocci &&
	test_expect_code 1 kmap_local -C repo scan --cocci bad.cocci 2>err &&
	test_one_error_line err "semantic patch .bad.cocci. has a syntax error (line 5" &&
	unchanged
'

# A cold run starts spatch before it knows the candidates (src/spatch.h)
# and hands them over through a FIFO once spatch opens it.
test_expect_success 'a spatch that exits before reading its files: an error, not a hang' '
	cat >exit-spatch <<-\EOF &&
	#!/bin/sh
	case "$*" in
	*--file-groups*) echo "spatch: out of memory" >&2; exit 3;;
	esac
	exec spatch "$@"
	EOF
	chmod +x exit-spatch &&
	mkdir tmp-exit &&
	rm -rf repo/.git/kmap-local/cache &&
	TMPDIR="$TRASH/tmp-exit" SPATCH="$TRASH/exit-spatch" test_expect_code 1 \
		kmap_local -C repo scan 2>err &&
	test_one_error_line err "spatch failed on [0-9]* files (rules .*): spatch: out of memory" &&
	test -z "$(ls tmp-exit)" &&
	unchanged
'

test_expect_success 'a spatch slow to start still gets its files' '
	kmap_local -C repo scan >expect &&
	cat >slow-spatch <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*) test -p groups && echo fifo >>"$TRASH/fifo.log"; sleep 2;;
	esac
	exec spatch "\$@"
	EOF
	chmod +x slow-spatch &&
	rm -rf repo/.git/kmap-local/cache &&
	SPATCH="$TRASH/slow-spatch" kmap_local -C repo scan >out 2>err &&
	test_cmp expect out &&
	test "$(cat fifo.log)" = fifo &&
	rm -rf repo/.git/kmap-local/cache &&
	unchanged
'

test_expect_success 'a syntax error in one file of a rules directory names that file' '
	mkdir split-rules &&
	printf "@r@\\nexpression E;\\n@@\\n- foo(E);\\n+ bar(E);\\n" >split-rules/10-good.cocci &&
	printf "// second part\\n@s@\\n@@\\n- foo(\\n" >split-rules/20-bad.cocci &&
	test_expect_code 1 kmap_local -C repo scan --cocci split-rules 2>err &&
	test_one_error_line err "semantic patch .split-rules/20-bad.cocci. has a syntax error (line [45])" &&
	unchanged
'

test_expect_success 'a cocci directory without rules' '
	mkdir empty-rules &&
	test_expect_code 1 kmap_local -C repo scan --cocci empty-rules 2>err &&
	test_one_error_line err "no .cocci file in .empty-rules."
'

test_expect_success 'a C file spatch cannot parse is listed; the others carry on' '
	git clone -q repo broken &&
	cat >broken/fs/minifs/bad.c <<-\EOF &&
	int minifs_bad(struct page *page, char *buf)
	{
		char *p;
		int x = (;

		p = kmap_atomic(page);
		buf[0] = p[0];
		kunmap_atomic(p);
		return x;
	}
	EOF
	git -C broken add fs/minifs/bad.c &&
	git -C broken commit -q -m "minifs: add a file spatch cannot parse" &&
	kmap_local -C broken scan fs >out 2>err &&
	grep -x "fs/minifs/bad.c: unparsed: spatch could not parse line 4 (in minifs_bad()), near .int x = (;." out &&
	grep -q "^fs/minifs/file.c:9:minifs_read_block: helper:memcpy_from_page:" out &&
	grep -q "^fs/minifs/bad.c:6:minifs_bad: flag:unparsed: spatch could not parse" out &&
	grep -q "1 unparsed" err &&
	kmap_local -C broken diff -q fs >d &&
	grep -q "^+++ b/fs/minifs/file.c" d
'

test_expect_success 'parse errors only in a #define body: the file is not unparsed' '
	git clone -q repo defines &&
	cat >defines/fs/minifs/defs.c <<-\EOF &&
	#define DECLARE_PEEK(t) \
		static inline u##t peek_##t(const u##t *p) { return *p; }

	int minifs_defs(struct page *page)
	{
		int *p = kmap_atomic(page);
		int v = p[0];

		kunmap_atomic(p);
		return v;
	}
	EOF
	git -C defines add fs/minifs/defs.c &&
	git -C defines commit -q -m "minifs: a macro spatch cannot parse" &&
	kmap_local -C defines scan fs/minifs/defs.c >out 2>err &&
	grep -q "^fs/minifs/defs.c:6:minifs_defs: local:" out &&
	! grep -q unparsed out &&
	grep -q " 0 unparsed" err &&
	grep -qx "1 more file parsed but for #define bodies (no site is in them)" err &&
	kmap_local -C defines scan --json fs/minifs/defs.c >json &&
	python3 -c "import json; f = json.load(open(\"json\"))[\"files\"][0]; \
		assert f[\"status\"] == \"ok\" and f[\"parse_errors\"] == [2] and \
		f[\"macro_parse_errors\"] == 1, f"
'

test_expect_success 'a file that times out is listed; the others carry on' '
	git clone -q repo slow &&
	i=0 &&
	while test $i -lt 6000; do
		printf "int f%d(struct page *page, char *buf)\n{\n\tchar *a;\n\n\ta = kmap_atomic(page);\n\tif (buf[%d])\n\t\tbuf[1] = a[2];\n\tkunmap_atomic(a);\n\treturn 0;\n}\n\n" $i $i
		i=$((i + 1))
	done >slow/fs/minifs/huge.c &&
	git -C slow add fs/minifs/huge.c &&
	git -C slow commit -q -m "minifs: add a huge file" &&
	kmap_local -C slow scan --timeout 1 fs >out 2>err &&
	grep -x "fs/minifs/huge.c: timeout: spatch timed out on the file (raise --timeout)" out &&
	test $(grep -c "^fs/minifs/huge.c:[0-9]*:f[0-9]*: flag:unparsed: spatch ran out of time" out) = 6000 &&
	grep -q "^fs/minifs/file.c:9:minifs_read_block: helper:memcpy_from_page:" out &&
	grep -q "^warning: spatch timed out on 1 file" err
'

test_expect_success 'a timed-out file is not cached: the next run tries again' '
	kmap_local -C slow scan --timeout 1 fs >out 2>err &&
	grep -q "(2 from cache, 1 through spatch)" err
'

# The timeout is per file whatever the batches: the slow file comes first
# now (its time is known) and is a batch of its own.
test_expect_success 'a timeout stays per file in batches of one' '
	rm -rf slow/.git/kmap-local/cache/*/ &&
	KMAP_LOCAL_SPATCH_BATCH=1 kmap_local -C slow scan --timeout 1 -j 2 fs >out 2>err &&
	grep -q "(0 from cache, 3 through spatch)" err &&
	grep -x "fs/minifs/huge.c: timeout: spatch timed out on the file (raise --timeout)" out &&
	grep -q "^fs/minifs/file.c:9:minifs_read_block: helper:memcpy_from_page:" out &&
	grep -q "^warning: spatch timed out on 1 file" err
'

test_expect_success 'an unwritable scratch directory' '
	echo file >not-a-dir &&
	TMPDIR="$TRASH/not-a-dir" test_expect_code 128 kmap_local -C repo diff 2>err &&
	test_one_error_line err "cannot create a scratch directory for spatch in .*not-a-dir. (set TMPDIR" &&
	unchanged
'

test_expect_success 'an unwritable cache directory' '
	git clone -q repo nocache &&
	nc_before=$(repo_snapshot nocache) &&
	echo file >nocache/.git/kmap-local &&
	test_expect_code 128 kmap_local -C nocache scan 2>err &&
	test_one_error_line err "cannot create directory .*/.git/kmap-local" &&
	test "$nc_before" = "$(repo_snapshot nocache)" &&
	test "$(cat nocache/.git/kmap-local)" = file
'

test_expect_success 'an unknown option changes nothing' '
	test_expect_code 129 kmap_local -C repo diff --bogus 2>err &&
	test_one_error_line err "unknown option .--bogus." &&
	unchanged
'

test_done
