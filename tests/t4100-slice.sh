#!/bin/sh
# Function slicing (src/slice.h): spatch sees the candidate files with the
# bodies no rule reads blanked, and the results are those of the whole
# files; KMAP_LOCAL_SLICE=0 turns it off.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a file with functions no rule reads' '
	make_mini_repo repo &&
	cat >repo/fs/minifs/slice.c <<-\EOF &&
	#include <linux/highmem.h>

	static int unrelated_helper(int x)
	{
		int unrelated_body_text = x * 3;

		return unrelated_body_text;
	}

	static void *slice_map(struct page *page)
	{
		return kmap_atomic(page);
	}

	u32 slice_first(struct page *page)
	{
		u32 *p = kmap_atomic(page);
		u32 v = p[0];

		kunmap_atomic(p);
		return v + unrelated_helper(1);
	}

	u32 caller_of_balanced(struct page *page)
	{
		u32 balanced_caller_text = slice_first(page);

		return balanced_caller_text;
	}

	u32 caller_of_wrapper(struct page *page)
	{
		u32 *wrapper_caller_text = slice_map(page);

		return *wrapper_caller_text;
	}

	u32 caller_of_caller(struct page *page)
	{
		u32 caller_caller_text = caller_of_wrapper(page);

		return caller_caller_text;
	}

	static struct page *slice_get(struct page *page, struct page *old)
	{
		if (old)
			kunmap(old);
		kmap(page);
		return page;
	}

	struct page *caller_of_getter(struct page *page)
	{
		struct page *getter_caller_text = slice_get(page, NULL);

		return getter_caller_text;
	}
	EOF
	git -C repo add fs/minifs/slice.c &&
	git -C repo -c user.name=t -c user.email=t@example.org commit -q -m slice &&
	cat >spatch-copy <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*) echo run >>"$TRASH/spatch.log"
		# a cold run writes src/ and then the groups into a FIFO
		if test -p groups; then cat groups >groups.file && rm groups && mv groups.file groups; fi
		cat src/* >>"$TRASH/seen.c";;
	esac
	exec spatch "\$@"
	EOF
	cat >spatch-mangle <<-EOF &&
	#!/bin/sh
	case "\$*" in
	*--file-groups*) echo run >>"$TRASH/spatch.log";;
	esac
	spatch "\$@" || exit
	case "\$*" in
	*--file-groups*) sed -i -e "s/kmap-local slice/kmap-local SLICE/" -e "s/kmap_local_slice_/kmap_local_SLICE_/" src/*;;
	esac
	EOF
	chmod +x spatch-copy spatch-mangle
'

test_expect_success 'spatch sees the functions no rule reads blanked' '
	SPATCH="$TRASH/spatch-copy" kmap_local -C repo diff >sliced.diff 2>err &&
	grep -q "^int kmap_local_slice_0;$" seen.c &&
	! grep -q unrelated_body_text seen.c &&
	! grep -q "static int unrelated_helper(int x)" seen.c &&
	grep -q "return v + unrelated_helper(1);" seen.c &&
	grep -q "return kmap_atomic(page);" seen.c &&
	grep -q "kunmap_atomic(p);" seen.c &&
	grep -q "^+u32 \*p = kmap_local_page(page);" sliced.diff
'

# Only a function that may hand a mapping to its caller (its maps and
# unmaps do not pair up, or a map is returned or followed by a return)
# keeps its callers for the wrapper and get/put rules, and only its
# direct callers: a caller's callers pair nothing with it.
test_expect_success 'callers are kept only of functions that may hand a mapping over' '
	! grep -q balanced_caller_text seen.c &&
	grep -q wrapper_caller_text seen.c &&
	grep -q getter_caller_text seen.c &&
	! grep -q caller_caller_text seen.c
'

test_expect_success 'the whole files give the same diff and scan, not from the cache' '
	kmap_local -C repo scan --json >sliced.json &&
	rm -f seen.c &&
	KMAP_LOCAL_SLICE=0 SPATCH="$TRASH/spatch-copy" kmap_local -C repo diff >whole.diff 2>err &&
	grep -q "(0 from cache, 7 through spatch)" err &&
	grep -q unrelated_body_text seen.c &&
	! grep -q -e "kmap-local slice" -e kmap_local_slice_ seen.c &&
	KMAP_LOCAL_SLICE=0 kmap_local -C repo scan --json >whole.json &&
	test_cmp whole.diff sliced.diff &&
	test_cmp whole.json sliced.json
'

# A stand-in spatch changed cannot be put back: those files run whole.
test_expect_success 'a file whose stand-ins spatch changed runs again whole' '
	rm -rf repo/.git/kmap-local/cache spatch.log &&
	SPATCH="$TRASH/spatch-mangle" kmap_local -C repo diff -j 1 >mangled.diff 2>err &&
	test_cmp sliced.diff mangled.diff &&
	test $(wc -l <spatch.log) = 2 &&
	SPATCH="$TRASH/spatch-mangle" kmap_local -C repo scan --json >mangled.json &&
	test_cmp sliced.json mangled.json
'

# spatch cannot parse the macro; its error recovery starts again at the
# next top-level declaration, so a blanked definition's stand-in must be
# one, or the function after it would be lost with the macro.
test_expect_success 'a function after a macro spatch cannot parse is still converted' '
	cat >repo/fs/minifs/odd.c <<-\EOF &&
	#include <linux/highmem.h>

	static DEFINE_ODD(struct mutex *, odd_lock) = { 1 2 };

	static int odd_helper(int a)
	{
		int b = a * 2;

		return b + 1;
	}

	u32 odd_first(struct page *page)
	{
		u32 *p = kmap_atomic(page);
		u32 v = p[0];

		kunmap_atomic(p);
		return v;
	}
	EOF
	git -C repo add fs/minifs/odd.c &&
	git -C repo -c user.name=t -c user.email=t@example.org commit -q -m odd &&
	kmap_local -C repo scan fs/minifs/odd.c >odd.scan &&
	grep -q "^fs/minifs/odd.c:14:odd_first: local: " odd.scan &&
	KMAP_LOCAL_SLICE=0 kmap_local -C repo scan fs/minifs/odd.c >odd-whole.scan &&
	test_cmp odd-whole.scan odd.scan
'

test_expect_success 'slice.c keeps what the rules read: its CPU list is theirs' '
	python3 "$TEST_DIR/tools/slice-cpu-list.py" "$KMAP_LOCAL_COCCI_DIR/10-sites.cocci" \
		"$TEST_DIR/../src/slice.c"
'

test_done
