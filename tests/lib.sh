# lib.sh: a small TAP test library for the shell tests, after git's t/.
#
#   . ./lib.sh
#   test_expect_success 'title' 'commands && commands'
#   test_done
#
# Each test file gets its own trash directory; bodies run in the current
# shell (so setup persists) with their output in a log shown on failure.
# $KMAP_LOCAL is the binary under test (set by the Makefile).

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
TEST_NAME=$(basename "$0" .sh)
TRASH="$TEST_DIR/trash.$TEST_NAME"
KMAP_LOCAL=${KMAP_LOCAL:-$TEST_DIR/../build/kmap-local}
export KMAP_LOCAL_COCCI_DIR=${KMAP_LOCAL_COCCI_DIR:-$TEST_DIR/../cocci}
export KMAP_LOCAL_SERIES_DIR=${KMAP_LOCAL_SERIES_DIR:-$TEST_DIR/../series}
export KMAP_LOCAL_KBUILD_DIR=${KMAP_LOCAL_KBUILD_DIR:-$TEST_DIR/../kbuild}
export KMAP_LOCAL_VERIFY_DIR=${KMAP_LOCAL_VERIFY_DIR:-$TEST_DIR/../verify}
export GIT_CONFIG_NOSYSTEM=1 HOME="$TRASH" XDG_CACHE_HOME="$TRASH/.cache"
export GIT_CEILING_DIRECTORIES="$TEST_DIR"
export GIT_AUTHOR_NAME='A U Thor' GIT_AUTHOR_EMAIL='author@example.org'
export GIT_COMMITTER_NAME='C O Mitter' GIT_COMMITTER_EMAIL='committer@example.org'
export TZ=UTC LC_ALL=C
unset GIT_PAGER PAGER KMAP_LOCAL_PROGRESS KMAP_LOCAL_SLICE
test_count=0
test_failed=0

rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 1

kmap_local () {
	"$KMAP_LOCAL" "$@"
}

say_log () {
	sed 's/^/# /' "$1"
}

# The body runs inside a function of its own, so that "return 1" in it
# (say, to leave a loop) fails the test instead of skipping its report.
test_eval_ () {
	eval "$1"
}

test_expect_success () {
	test_count=$((test_count + 1))
	if test_eval_ "$2" >"$TRASH/.log" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		say_log "$TRASH/.log"
		test_failed=$((test_failed + 1))
	fi
	cd "$TRASH" || exit 1
}

test_done () {
	echo "1..$test_count"
	if test "$test_failed" = 0; then
		rm -rf "$TRASH"
		exit 0
	fi
	exit 1
}

# make_verify_kernel: clone repo into kernel, give it a tools/include/nolibc
# stand-in and put the first patch of the $TOPIC series on top: a "kernel
# tree" with one conversion commit for verify.
make_verify_kernel () {
	git clone -q repo kernel &&
	mkdir -p kernel/tools/include/nolibc &&
	echo "/* stand-in */" >kernel/tools/include/nolibc/nolibc.h &&
	git -C kernel add tools &&
	git -C kernel commit -qm "tools: nolibc stand-in" &&
	branch=$(git -C repo for-each-ref --count=1 --format="%(refname)" refs/heads/$TOPIC/) &&
	git -C kernel cherry-pick $(git -C repo rev-parse $branch) >/dev/null
}

test_must_be_empty () {
	test ! -s "$1" || { cat "$1"; return 1; }
}

test_cmp () {
	diff -u "$1" "$2"
}

# test_expect_code N cmd...: run cmd, require exit code N.
test_expect_code () {
	want=$1
	shift
	"$@"
	got=$?
	if test "$got" != "$want"; then
		echo "exit code $got, wanted $want: $*" >&2
		return 1
	fi
	return 0
}

# One line saying what the repository holds: HEAD, every ref, the index
# and every file of the work tree (our cache under .git/kmap-local is not
# part of it).  Two equal snapshots mean nothing the user has was touched.
repo_snapshot () {
	(
		cd "$1" &&
		git status --porcelain --ignored >/dev/null	# may refresh the index first
		git symbolic-ref -q HEAD
		git rev-parse -q --verify HEAD
		git for-each-ref
		git stash list
		test -f .git/index && sha1sum .git/index
		find . -path ./.git -prune -o -type f -print0 | sort -z |
			xargs -0 -r sha1sum
		git status --porcelain --ignored
	) | sha1sum
}

make_mini_repo () {
	"$TEST_DIR/tools/make-mini-repo.sh" "$1" >/dev/null
}

# The only shared line the error tests assert: one "error: " line on stderr.
test_one_error_line () {
	test "$(grep -c '^error: ' "$1")" = 1 && grep -q "$2" "$1"
}
