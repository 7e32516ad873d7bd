#!/bin/sh
# The real-kernel tier on Linux 6.12 (Debian's linux-source-6.12), the
# current stable tree: what upstream still has to convert.
LINUX_VERSION=6.12 MIN_FILES=80 MIN_SITES=250 MIN_LOCAL=150
. "$(dirname "$0")/whole-tree.sh"
