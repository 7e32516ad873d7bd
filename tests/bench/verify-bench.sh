#!/bin/sh
# verify-bench.sh REPO OUT: kmap-local verify on Linux 6.1 (issue 11), on the
# series of four subsystems (fs/ext2, fs/minix, brd, crypto/shash.c):
#   1. the first run: both kernels built (unless the verify build dir of this
#      base tree already holds them: the JSON says which) and booted;
#   2. a second run with both kernels cached: boots only (goal <= 60 s);
# wall time and peak RSS of each (measure.py), per-boot wall time, and how
# many converted functions ran.  Goals on 2 cores: first run <= 15 min,
# one boot with its workloads <= 20 s.  Writes OUT/verify.json.
set -e
repo=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
topic=kmap-local-bench/verify
paths="fs/ext2 fs/minix drivers/block/brd.c crypto/shash.c"
measure="python3 $top/tests/bench/measure.py"

drop_refs () {
	git -C "$repo" for-each-ref --format='%(refname)' refs/heads/kmap-local-bench \
		refs/kmap-local/kmap-local-bench | xargs -r -n1 git -C "$repo" update-ref -d
}
drop_refs
rm -rf "$out/verify-series"
export GIT_AUTHOR_NAME='kmap-local bench' GIT_AUTHOR_EMAIL='bench@example.org'
export GIT_AUTHOR_DATE='@1700000000 +0000'
"$bin" -C "$repo" series -q --no-build --no-checkpatch --topic $topic -o "$out/verify-series" \
	$paths >/dev/null
$measure verify-first "$out/verify-first.json.out" "$bin" -C "$repo" verify -q --json $topic
$measure verify-cached "$out/verify-cached.json.out" "$bin" -C "$repo" verify -q --json $topic
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
res = {}
for name in ("verify-first", "verify-cached"):
    r = json.load(open(os.path.join(out, name + ".json.out")))
    m = json.load(open(os.path.join(out, name + ".json")))
    res[name] = {"wall_s": m["wall_s"], "peak_rss_mib": m["peak_rss_mib"],
                 "base_build_s": r["base_boot"]["build_seconds"],
                 "base_cached": r["base_boot"]["build_cached"],
                 "tip_build_s": r["tip_boot"]["build_seconds"],
                 "tip_cached": r["tip_boot"]["build_cached"],
                 "base_boot_s": r["base_boot"]["boot_seconds"],
                 "tip_boot_s": r["tip_boot"]["boot_seconds"],
                 "exercised": r["exercised"], "functions": r["functions"],
                 "statuses": [c["status"] for c in r["commits"]]}
    x = res[name]
    print("%s: %.1f s wall, %.0f MiB peak; builds base %.0f s%s, tip %.0f s%s; "
          "boots %.1f s / %.1f s; %d of %d converted functions ran; %s" % (
          name, x["wall_s"], x["peak_rss_mib"], x["base_build_s"],
          " (cached)" if x["base_cached"] else "", x["tip_build_s"],
          " (cached)" if x["tip_cached"] else "", x["base_boot_s"], x["tip_boot_s"],
          x["exercised"], x["functions"], " ".join(x["statuses"])))
print("verify goals: cached re-run %.1f s (<= 60), one boot %.1f s (<= 20)" % (
      res["verify-cached"]["wall_s"], max(res["verify-cached"]["base_boot_s"],
                                           res["verify-cached"]["tip_boot_s"])))
json.dump(res, open(os.path.join(out, "verify.json"), "w"))
PY
drop_refs
