#!/bin/sh
# The real-kernel tier: kmap-local over the whole Linux 6.1 tree from
# Debian's linux-source-6.1 (a cold run, then a cached one).
LINUX_VERSION=6.1 MIN_FILES=150 MIN_SITES=500 MIN_LOCAL=300
. "$(dirname "$0")/whole-tree.sh"
