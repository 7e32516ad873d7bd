#!/bin/sh
# Interrupts: Ctrl-C, SIGTERM and SIGHUP stop every child and remove our
# scratch directories; stale scratch of dead runs goes on the next run;
# a file size limit is a clear error, not a silent death.
. "$(dirname "$0")/lib.sh"

export TMPDIR="$TRASH/tmp"

test_expect_success 'setup' '
	mkdir tmp &&
	make_mini_repo repo &&
	before=$(repo_snapshot repo) &&
	printf "%s\n" "#!/bin/sh" \
		"case \"\$*\" in *--version*|*--parse-cocci*) exec spatch \"\$@\";; esac" \
		"echo \$\$ >>\"$TRASH/pids\"" \
		"sleep 300 & echo \$! >>\"$TRASH/pids\"" \
		"wait" >slow-spatch &&
	chmod +x slow-spatch
'

# run_until_spatch SIG: start a scan whose spatch hangs, send SIG to
# kmap-local once spatch runs, and leave its exit status in $status.
run_until_spatch () {
	rm -rf pids repo/.git/kmap-local || return 1
	SPATCH="$TRASH/slow-spatch" perl -e "\$SIG{INT} = \"DEFAULT\"; exec @ARGV" \
		"$KMAP_LOCAL" -C repo scan -j 1 >out 2>err &
	pid=$!
	for i in $(seq 600); do
		test "$(cat pids 2>/dev/null | wc -l)" = 2 && break
		sleep 0.1
	done
	test "$(wc -l <pids)" = 2 && test -n "$(ls tmp)" || {
		echo "spatch did not start within a minute"
		kill -KILL $pid
		return 1
	}
	kill -$1 $pid
	wait $pid
	status=$?
}

# Killed processes may take a moment to be reaped.
none_alive () {
	for i in $(seq 50); do
		alive=
		for p in $(cat pids); do
			kill -0 $p 2>/dev/null && alive="$alive $p"
		done
		test -z "$alive" && return 0
		sleep 0.1
	done
	echo "still running:$alive"
	return 1
}

for sig in INT:130 TERM:143 HUP:129; do
	test_expect_success "SIG${sig%:*} stops spatch and removes the scratch directory" "
		run_until_spatch ${sig%:*} &&
		test \$status = ${sig#*:} &&
		none_alive &&
		test -z \"\$(ls tmp)\" &&
		test_must_be_empty err &&
		test_must_be_empty out &&
		test \"\$before\" = \"\$(repo_snapshot repo)\"
	"
done

test_expect_success 'the next run removes scratch left by dead runs, and only that' '
	sh -c "echo \$\$" >dead-pid &&
	mkdir tmp/kmap-local.$(cat dead-pid).AbC123 tmp/kmap-local.$$.AbC123 \
		tmp/kmap-local.XyZ789 tmp/other &&
	echo x >tmp/kmap-local.$(cat dead-pid).AbC123/w0 &&
	kmap_local -C repo scan >/dev/null 2>&1 &&
	test ! -e tmp/kmap-local.$(cat dead-pid).AbC123 &&
	test -d tmp/kmap-local.$$.AbC123 &&
	test -d tmp/kmap-local.XyZ789 &&
	test -d tmp/other
'

test_expect_success 'a file size limit: a clear error, exit 128' '
	kmap_local -C repo diff >full &&
	test $(wc -c <full) -gt 2048 &&
	(
		ulimit -f 2 &&
		test_expect_code 128 "$KMAP_LOCAL" -C repo diff >limited 2>err
	) &&
	test_one_error_line err "cannot write the output: File too large" &&
	test "$before" = "$(repo_snapshot repo)"
'

test_done
