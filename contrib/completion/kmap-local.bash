# bash completion for kmap-local(1).
#
# Install as /usr/share/bash-completion/completions/kmap-local (make install
# does), or source it from ~/.bashrc.  It needs nothing from the
# bash-completion package.  The option lists are those of
# `kmap-local CMD --help`; tests/t0100-docs.sh checks that they agree.

_kmap_local_commands="scan diff series build verify maintainers"

_kmap_local_opts_scan="-C --base --cocci -j --jobs --timeout -q --quiet -v --verbose --json"
_kmap_local_opts_diff="-C --base --cocci -j --jobs --timeout -q --quiet -v --verbose
	--color --no-color --no-pager --stat"
_kmap_local_opts_series="-C --base --topic -v --reroll-count -o --output-directory --to --cc
	--per-maintainer --treewide --split --subject-prefix --rfc -n --dry-run --send --force
	--no-checkpatch --arch --no-build --drop-failing --verify --arches --toolchain
	--cc-wrapper --cocci -j --jobs --timeout -q --quiet --verbose"
_kmap_local_opts_build="-C --arch --arches --toolchain --cc-wrapper -j --jobs --w1 --no-batch --json
	-q --quiet"
_kmap_local_opts_verify="-C --base --arch --workloads --keep --json -j --jobs --timeout
	-q --quiet"
_kmap_local_opts_maintainers="-C --base --json"

# The options that take a value (as the next word or after "=").
_kmap_local_valued=" -C --base --cocci -j --jobs --timeout --topic -v --reroll-count -o
	--output-directory --to --cc --split --subject-prefix --arch --arches --toolchain
	--cc-wrapper --workloads "

# _kmap_local_values CMD OPT CUR: fill COMPREPLY with the values of OPT.
_kmap_local_values ()
{
	local words=
	case "$2" in
	-C|-o|--output-directory|--workloads)
		COMPREPLY=($(compgen -d -- "$3")); return ;;
	--cocci|--arches)
		COMPREPLY=($(compgen -f -- "$3")); return ;;
	--base|--topic)
		words=$(git for-each-ref --format='%(refname:short)' 2>/dev/null) ;;
	--split) words="section directory file" ;;
	--toolchain) words="llvm gcc" ;;
	--color) words="always never auto" ;;
	--arch)
		if test "$1" = verify; then words=i386; else words="x86_64 i386 arm powerpc32 mips x86_64-defconfig i386-defconfig
				arm-defconfig powerpc32-defconfig mips-defconfig"; fi ;;
	*) return ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$3"))
}

_kmap_local ()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i opts
	test "$COMP_CWORD" -gt 0 && prev=${COMP_WORDS[COMP_CWORD-1]}
	COMPREPLY=()

	# the command: the first word that is neither an option nor -C's value
	for ((i = 1; i < COMP_CWORD; i++)); do
		case "${COMP_WORDS[i]}" in
		-C) i=$((i + 1)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if test -z "$cmd"; then
		if test "$prev" = -C; then
			COMPREPLY=($(compgen -d -- "$cur"))
		elif test "${cur#-}" != "$cur"; then
			COMPREPLY=($(compgen -W "-C --version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_kmap_local_commands" -- "$cur"))
		fi
		return
	fi
	case " $_kmap_local_commands " in
	*" $cmd "*) ;;
	*) return ;;
	esac
	# "--opt=value" is one word, or three when COMP_WORDBREAKS has "=" (the default)
	case "$cur" in
	--*=*)
		_kmap_local_values "$cmd" "${cur%%=*}" "${cur#*=}"
		return ;;
	=)
		_kmap_local_values "$cmd" "$prev" ""
		return ;;
	esac
	if test "$prev" = = && test "$COMP_CWORD" -gt 2; then
		_kmap_local_values "$cmd" "${COMP_WORDS[COMP_CWORD-2]}" "$cur"
		return
	fi
	if test "$cmd" = diff && test "$prev" = --color; then
		:	# --color takes its value only after "="
	elif test "${_kmap_local_valued#* $prev[[:space:]]}" != "$_kmap_local_valued" &&
	     ! { test "$prev" = -v && test "$cmd" != series; }; then
		_kmap_local_values "$cmd" "$prev" "$cur"
		return
	fi
	if test "${cur#-}" != "$cur"; then
		eval "opts=\$_kmap_local_opts_$cmd"
		COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

complete -o bashdefault -o default -F _kmap_local kmap-local
