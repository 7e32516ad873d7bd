#!/bin/sh
# The man page and the bash completion: they render and load cleanly, and
# they name exactly the commands and options `kmap-local CMD --help` lists,
# so neither can drift from the option tables.
. "$(dirname "$0")/lib.sh"

SRC=$TEST_DIR/..
MAN=$SRC/Documentation/kmap-local.1
COMPLETION=$SRC/contrib/completion/kmap-local.bash
COMMANDS=$("$KMAP_LOCAL" --help | sed -n "/^commands:/,/^$/s/^    \([a-z]*\) .*/\1/p")

# help_options CMD: the option names of CMD's --help, one per line, sorted
# (the label column only, not the words of the help text).
help_options () {
	"$KMAP_LOCAL" "$1" --help | grep -E "^ {4}(-| {4}--)" |
		sed -E "s/^ +//; s/ {2,}.*//" |
		grep -oE "(^|[ ,])(-[A-Za-z]|--[a-z0-9-]+)" | tr -d " ," | sort -u
}

# complete_words WORD...: what the completion offers for the last word.
complete_words () {
	bash -c '. "$1" && shift && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) &&
		_kmap_local && printf "%s\n" "${COMPREPLY[@]}"' complete "$COMPLETION" "$@" |
		sort -u
}

test_expect_success 'the man page renders without a warning' '
	test -n "$COMMANDS" &&
	groff -man -Tutf8 -ww -b -z "$MAN" 2>warnings &&
	test_must_be_empty warnings &&
	if command -v man >/dev/null; then
		MANWIDTH=80 man --warnings -l "$MAN" >/dev/null 2>warnings &&
		test_must_be_empty warnings
	fi
'

test_expect_success 'the man page names every command and every option of --help' '
	groff -man -Tascii -P-cbou "$MAN" >man.txt 2>/dev/null &&
	grep -q "^NAME" man.txt &&
	for cmd in $COMMANDS; do
		grep -q "kmap-local $cmd" man.txt || { echo "no $cmd"; return 1; }
		for opt in $(help_options $cmd); do
			grep -q -e "$opt\([^a-z0-9-]\|$\)" man.txt ||
				{ echo "$cmd: $opt not in the man page"; return 1; }
		done
	done
'

test_expect_success 'the completion offers the commands of --help' '
	bash -n "$COMPLETION" &&
	printf "%s\n" $COMMANDS | sort >expect &&
	complete_words kmap-local "" >actual &&
	test_cmp expect actual &&
	complete_words kmap-local -C repo s >actual &&
	printf "%s\n" scan series >expect &&
	test_cmp expect actual
'

for cmd in $COMMANDS; do
	test_expect_success "the completion offers the options of $cmd --help" "
		help_options $cmd >expect &&
		echo --help >>expect &&
		if grep -qx -- --color expect; then echo --no-color >>expect; fi &&
		sort -u -o expect expect &&
		complete_words kmap-local $cmd - >actual &&
		test_cmp expect actual
	"
done

test_expect_success 'the completion offers the values of options' '
	printf "%s\n" directory file section >expect &&
	complete_words kmap-local series --split "" >actual && test_cmp expect actual &&
	complete_words kmap-local series --split = "" >actual && test_cmp expect actual &&
	complete_words kmap-local series --split=d >actual && echo directory >expect &&
	test_cmp expect actual &&
	printf "%s\n" always auto never >expect &&
	complete_words kmap-local diff --color = "" >actual && test_cmp expect actual &&
	complete_words kmap-local verify --arch "" >actual && echo i386 >expect &&
	test_cmp expect actual
'

test_expect_success 'make install-doc installs the man page and the completion' '
	make -s -C "$SRC" install-doc DESTDIR="$TRASH/inst" PREFIX=/usr >out 2>&1 &&
	cmp "$MAN" inst/usr/share/man/man1/kmap-local.1 &&
	cmp "$COMPLETION" inst/usr/share/bash-completion/completions/kmap-local &&
	grep -q "^install: all install-doc" "$SRC/Makefile"
'

test_done
