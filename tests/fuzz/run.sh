#!/bin/sh
# run.sh BINDIR SECONDS TARGET...: run the libFuzzer targets BINDIR/fuzz-TARGET
# one after the other, each for SECONDS (-max_total_time), on its seed corpus
# tests/fuzz/TARGET/ and on the corpus earlier runs grew, which is kept in
# $KMAP_LOCAL_FUZZ_CACHE (default $XDG_CACHE_HOME/kmap-local/fuzz) and never
# in the repository.  A crash, a timeout (10 s for one input), a leak or an
# out-of-memory stops it with an error naming the input, saved under
# artifacts/ there.  Each run appends "target seconds executions" to
# stats.tsv there; `sh run.sh --totals` sums it up per target.
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${KMAP_LOCAL_FUZZ_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmap-local/fuzz}

if test "$1" = --totals; then
	test -f "$cache/stats.tsv" || { echo "no fuzzing recorded in $cache" >&2; exit 1; }
	awk -F '\t' '{ s[$1] += $2; n[$1] += $3 }
		END { for (t in s) printf "%-12s %12d executions in %6d s (%d/s)\n", t, n[t], s[t], n[t] / s[t] }' \
		"$cache/stats.tsv" | sort
	exit 0
fi

# What a CI log cut to its last lines would lose: the broken check and
# the input itself (base64, when small), so a failure seen only in CI's
# output can be replayed: base64 -d >x && fuzz-TARGET x.
report() {
	grep -m 3 -e 'fuzz check failed' -e '^==[0-9]*== *ERROR' "$1" || :
	a=$(ls -t "$cache/artifacts/$2-"* 2>/dev/null | head -n 1)
	if test -n "$a" && test "$(wc -c <"$a")" -le 4096; then
		echo "input $(basename "$a"), base64:"
		base64 -w 0 "$a"
		echo
	fi
}

bindir=$1
seconds=$2
shift 2
mkdir -p "$cache/artifacts"
for t in "$@"; do
	mkdir -p "$cache/corpus/$t"
	log=$cache/$t.log
	start=$(date +%s)
	if ! "$bindir/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -close_fd_mask=3 -artifact_prefix="$cache/artifacts/$t-" \
		"$cache/corpus/$t" "$top/tests/fuzz/$t" >"$log" 2>&1; then
		tail -n 50 "$log" >&2
		report "$log" "$t" >&2
		echo "error: fuzz target '$t' failed (log: $log, input: $cache/artifacts/$t-*)" >&2
		exit 1
	fi
	secs=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	printf '%s\t%s\t%s\n' "$t" "$secs" "$execs" >>"$cache/stats.tsv"
	echo "fuzz-$t: $execs executions in $secs s ($((execs / (secs ? secs : 1)))/s)," \
		"corpus $(ls "$cache/corpus/$t" | wc -l) grown + $(ls "$top/tests/fuzz/$t" | wc -l) seeds"
done
