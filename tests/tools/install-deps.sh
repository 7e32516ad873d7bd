#!/bin/sh
# install-deps.sh PKG...: install the Debian packages that are missing.
# As root this runs apt-get; otherwise it prints the exact command and fails.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
test -z "$missing" && exit 0
if test "$(id -u)" != 0; then
	echo "error: missing Debian packages:$missing" >&2
	echo "run as root: apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null &&
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "error: apt-get could not install:$missing" >&2
	exit 1
}
