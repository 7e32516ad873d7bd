#!/bin/sh
# check-fresh.sh: the README's two commands on a fresh Debian 12.
#
# Unpacks a debootstrap'd bookworm (variant minbase, plus git and make,
# nothing else) into a scratch chroot, clones the committed HEAD of this
# checkout into it and runs `make demo`, then `make check`, there as root,
# with the host's apt sources.  The chroot is built once and cached as a
# tarball under $XDG_CACHE_HOME/kmap-local/ (delete it to build it again).
# Exits non-zero if a step fails.  Needs root (debootstrap, chroot, mount)
# and installs debootstrap if it is missing.  The scratch directory goes to
# $TMPDIR (default /var/tmp) and is unmounted and removed on exit, also on
# Ctrl-C, SIGTERM and SIGHUP.

suite=bookworm
include=git,make
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/kmap-local
scratch=
group=
steps=
failed=

say () {
	echo "check-fresh: $*" >&2
}

die () {
	say "error: $*"
	exit 1
}

now () {
	date +%s
}

# step TITLE CMD...: run one step, say how it went and how long it took.
step () {
	title=$1
	shift
	say "== $title"
	t=$(now)
	"$@"
	status=$?
	t=$(($(now) - t))
	steps="$steps$(printf '  %-40s %5d s' "$title" "$t")
"
	if test $status != 0; then
		say "== $title: FAILED (exit $status, $t s)"
		failed=$title
		return $status
	fi
	say "== $title: ok ($t s)"
}

# show_log FILE: the end of a step's log, after it failed.
show_log () {
	say "the last lines of $1:"
	tail -n 25 "$1" | sed 's/^/    /' >&2
}

# The first URI of the host's Debian sources, for debootstrap.
host_mirror () {
	for f in /etc/apt/sources.list.d/*.sources; do
		test -f "$f" || continue
		sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		test -f "$f" || continue
		sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p' "$f"
	done
}

# The processes whose root directory is under $1 (the chroot's own, only).
procs_under () {
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		case $r in
		"$1" | "$1"/*) echo "${p#/proc/}" ;;
		esac
	done
}

# The mount points under $1, deepest first.
mounts_under () {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' \
		/proc/self/mountinfo | sort -r
}

# bg LOG CMD...: run CMD in a session of its own, with its output in LOG
# (- for ours), and wait for it.  A signal reaches our trap at once, and
# stop_group ends all of CMD's processes.
bg () {
	out=$1
	shift
	if test "$out" = -; then
		setsid -w "$@" &
	else
		setsid -w "$@" >"$out" 2>&1 &
	fi
	group=$!
	wait $group
	bg_status=$?
	group=
	return $bg_status
}

stop_group () {
	test -n "$group" || return 0
	kill -TERM "-$group" 2>/dev/null || return 0
	n=0
	while kill -0 "-$group" 2>/dev/null && test $n -lt 10; do
		sleep 1
		n=$((n + 1))
	done
	kill -KILL "-$group" 2>/dev/null
	group=
}

# Stop what still runs in the scratch directory, unmount everything there
# and remove it; never remove a directory that still has a mount under it.
cleanup () {
	status=$?
	trap '' INT TERM HUP
	stop_group
	test -n "$scratch" && test -d "$scratch" || exit $status
	pids=$(procs_under "$scratch")
	if test -n "$pids"; then
		say "stopping what still runs in the chroot:" $pids
		kill -TERM $pids 2>/dev/null
		sleep 2
		pids=$(procs_under "$scratch")
		test -z "$pids" || kill -KILL $pids 2>/dev/null
		sleep 1
	fi
	for m in $(mounts_under "$scratch"); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
	if test -n "$(mounts_under "$scratch")"; then
		say "error: still mounted, left in place: $scratch"
		exit 1
	fi
	rm -rf --one-file-system "$scratch"
	exit $status
}

install_debootstrap () {
	command -v debootstrap >/dev/null 2>&1 ||
		sh "$top/tests/tools/install-deps.sh" debootstrap
}

# Build the minbase chroot and pack it; later runs only unpack the tarball.
build_tarball () {
	log=$cache/debootstrap.log
	dir=$scratch/build
	mkdir -p "$cache" &&
	bg "$log" debootstrap --variant=minbase --include="$include" --arch="$arch" \
		"$suite" "$dir" "$mirror" || {
		show_log "$log"
		return 1
	}
	# No daemon a package installs may start in the chroot, as sbuild and
	# pbuilder do; the host's resolver and hostname are not part of it.
	test -z "$(mounts_under "$dir")" &&
	printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" &&
	chmod 755 "$dir/usr/sbin/policy-rc.d" &&
	rm -f "$dir/etc/resolv.conf" "$dir/etc/hostname" &&
	rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* &&
	tar -C "$dir" --numeric-owner -czf "$tarball.tmp.$$" . &&
	mv "$tarball.tmp.$$" "$tarball" || {
		rm -f "$tarball.tmp.$$"
		return 1
	}
	rm -rf --one-file-system "$dir"
	test ! -d "$dir"
}

# Unpack the chroot, give it the host's apt sources and resolver, and mount
# what the tests use: /proc, /sys, its own /dev with a private devpts, a
# tmpfs /tmp.
setup_root () {
	mkdir "$root" &&
	tar -C "$root" --numeric-owner -xzf "$tarball" || return 1
	rm -rf "$root/etc/apt/sources.list" "$root/etc/apt/sources.list.d" &&
	mkdir "$root/etc/apt/sources.list.d" || return 1
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		test ! -f "$f" || cp "$f" "$root$f" || return 1
	done
	cat /etc/resolv.conf >"$root/etc/resolv.conf" &&
	mount -t proc proc "$root/proc" &&
	mount -t sysfs -o ro sysfs "$root/sys" &&
	mount -t tmpfs -o mode=755,size=16m,nosuid tmpfs "$root/dev" &&
	mknod -m 666 "$root/dev/null" c 1 3 &&
	mknod -m 666 "$root/dev/zero" c 1 5 &&
	mknod -m 666 "$root/dev/full" c 1 7 &&
	mknod -m 666 "$root/dev/random" c 1 8 &&
	mknod -m 666 "$root/dev/urandom" c 1 9 &&
	mknod -m 666 "$root/dev/tty" c 5 0 &&
	ln -s /proc/self/fd "$root/dev/fd" &&
	ln -s /proc/self/fd/0 "$root/dev/stdin" &&
	ln -s /proc/self/fd/1 "$root/dev/stdout" &&
	ln -s /proc/self/fd/2 "$root/dev/stderr" &&
	ln -s pts/ptmx "$root/dev/ptmx" &&
	mkdir -m 755 "$root/dev/pts" &&
	mkdir -m 1777 "$root/dev/shm" &&
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$root/dev/pts" &&
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm" &&
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/tmp"
}

# What is committed, not the work tree: a clone at HEAD.
clone_head () {
	git clone -q --no-checkout --no-hardlinks "$top" "$root/root/kmap-local" &&
	git -C "$root/root/kmap-local" checkout -q --detach "$head"
}

# in_root CMD: run a shell command in the checkout inside the chroot, as
# root, with nothing of our environment but a login's.
in_root () {
	bg - chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root \
		SHELL=/bin/sh ${TERM:+TERM="$TERM"} \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /root/kmap-local && $1" </dev/null
}

test "$(id -u)" = 0 || die "needs root (debootstrap, chroot and mount)"
head=$(git -C "$top" rev-parse --verify -q HEAD) || die "'$top' has no commit"
git -C "$top" diff --quiet HEAD 2>/dev/null ||
	say "note: uncommitted changes are not tested, only HEAD $(git -C "$top" rev-parse --short HEAD)"
arch=$(dpkg --print-architecture) || die "not a Debian host"
tarball=$cache/fresh-$suite-minbase-$(echo "$include" | tr , -)-$arch.tar.gz
mirror=${KMAP_LOCAL_FRESH_MIRROR:-$(host_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}

trap cleanup EXIT
trap 'say "interrupted (SIGINT)"; exit 130' INT
trap 'say "terminated (SIGTERM)"; exit 143' TERM
trap 'say "hung up (SIGHUP)"; exit 129' HUP
base=${TMPDIR:-/var/tmp}
case $base in
*[[:space:]\\]*) die "'$base' has white space or a backslash: set TMPDIR" ;;
esac
scratch=$(mktemp -d "$base/kmap-local-fresh.XXXXXX") || die "cannot create a directory in '$base'"
root=$scratch/root
start=$(now)

if test -f "$tarball"; then
	say "using the cached chroot $tarball"
else
	step "install debootstrap" install_debootstrap &&
	step "debootstrap $suite minbase, $(echo "$include" | sed 's/,/, /g')" build_tarball
fi &&
step "unpack and mount the chroot" setup_root &&
step "clone HEAD $(git -C "$top" rev-parse --short HEAD)" clone_head &&
step "make demo (in the chroot)" in_root 'make demo' &&
step "make check (in the chroot)" in_root 'make check'
status=$?

say "summary:"
printf '%s' "$steps" >&2
printf '  %-40s %5d s\n' total $(($(now) - start)) >&2
if test $status = 0; then
	say "ok: make demo and make check pass on a fresh $suite"
else
	say "FAILED: $failed"
fi
exit $status
