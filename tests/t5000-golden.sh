#!/bin/sh
# Golden cases of the conversion engine (tests/cocci/<case>/): the converted
# file must equal expected.c (or input.c itself when the case has no
# expected.c: nothing may change) and the verdicts expected.report.
. "$(dirname "$0")/lib.sh"

CASES="$TEST_DIR/cocci"

test_expect_success 'run kmap-local over every golden case' '
	sh "$TEST_DIR/tools/golden.sh" "$TRASH/out" "$CASES" &&
	test $(ls "$CASES" | wc -l) -ge 40
'

for d in "$CASES"/*/; do
	c=$(basename "$d")
	expect_c="$d/expected.c"
	test -f "$expect_c" || expect_c="$d/input.c"
	test_expect_success "golden: $c" "
		test_cmp '$expect_c' 'out/$c.c' &&
		test_cmp '$d/expected.report' 'out/$c.report' &&
		{ test ! -f '$d/expected.evidence' ||
		  test_cmp '$d/expected.evidence' 'out/$c.evidence'; }
	"
done

test_expect_success 'every verdict and flag reason has a golden case' '
	cat "$CASES"/*/expected.report | sed "s/^[0-9]*:[^:]*: //" | sort -u >seen &&
	for v in local local+pagefault_disable local+preempt_disable \
		helper:memcpy_to_page helper:memcpy_from_page helper:memzero_page \
		helper:memcpy_page helper:memset_page flag:escapes:struct-field \
		flag:escapes:global flag:escapes:return flag:escapes:deferred-work \
		flag:escapes:array flag:cross-function flag:page-address-after-kmap \
		flag:depends-on-atomic flag:cpu-local flag:unmap-order flag:nesting\>15 flag:macro \
		flag:unparsed flag:result-ignored flag:unmap-address flag:no-rule; do
		grep -qx "$v" seen || { echo "no case for $v"; exit 1; }
	done
'

test_done
