#!/bin/sh
# build-bench.sh REPO OUT: the compile-check stage on Linux 6.1.
#   1. kmap-local build of the series of a few subsystems (x86_64, i386, arm
#      allmodconfig): prepare time per arch when the build dirs are new,
#      make calls and make time per arch;
#   2. one bare `make -k -j2 O=<same dir> objects...` per arch of the
#      objects the series changes, in the same checkout and prepared dirs:
#      the compile floor (goal: kmap-local's make time <= 1.3 x the floor).
# Writes OUT/build.json and prints the table.
set -e
repo=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
topic=kmap-local-bench/build
paths="fs/ext2 drivers/block/brd.c mm/zswap.c lib/buildid.c"

drop_refs () {
	git -C "$repo" for-each-ref --format='%(refname)' refs/heads/kmap-local-bench \
		refs/tags/sent/kmap-local-bench | xargs -r -n1 git -C "$repo" update-ref -d
}
drop_refs
rm -rf "$out/build-series"
export GIT_AUTHOR_NAME='kmap-local bench' GIT_AUTHOR_EMAIL='bench@example.org'
export GIT_AUTHOR_DATE='@1700000000 +0000'
"$bin" -C "$repo" series -q --treewide --no-build --no-checkpatch --topic $topic \
	-o "$out/build-series" $paths >/dev/null
start=$(date +%s.%N)
"$bin" -C "$repo" build -q --json "$(git -C "$repo" rev-parse HEAD)..sent/$topic/treewide-v1" \
	>"$out/build-matrix.json"
end=$(date +%s.%N)

src=$(git -C "$repo" rev-parse --absolute-git-dir)/kmap-local/src
cache=${XDG_CACHE_HOME:-$HOME/.cache}/kmap-local/build
tree=$(git -C "$repo" rev-parse HEAD^{tree} | cut -c1-12)
python3 - "$out" "$src" "$cache" "$tree" "$start" "$end" <<'PY'
import json, os, subprocess, sys, time
out, src, cache, tree, start, end = sys.argv[1:7]
m = json.load(open(os.path.join(out, "build-matrix.json")))
args = {"x86_64": ["ARCH=x86_64"], "i386": ["ARCH=i386"], "arm": ["ARCH=arm", "LLVM=1"]}
rows = {}
extra = {}
for arch in m["arches"]:
    if arch not in args:
        # --arch auto added it for some commits: what it cost.
        used = [c for c in m["commits"] if arch in c["builds"]]
        extra[arch] = {"commits": len(used), "prepare_s": m["prepare"].get(arch, 0),
                       "make_s": sum(c["builds"][arch]["seconds"] for c in used)}
        print("build %-7s added for %d commits: prepare %.1f s, make %.1f s" % (
              arch, len(used), extra[arch]["prepare_s"], extra[arch]["make_s"]))
        continue
    d = os.path.join(cache, "%s-%s-allmodconfig" % (tree, arch))
    objs = sorted({o for c in m["commits"] if arch in c["builds"] for o in c["objects"]})
    ours = sum(c["builds"][arch]["seconds"] for c in m["commits"] if arch in c["builds"])
    # The floor: one bare make of the same objects in the checkout the
    # build left (the last tree it built: the tip's, or the base's when a
    # diagnostic sent it back; the objects compile alike at both).
    for o in objs:
        try:
            os.unlink(os.path.join(d, o))
        except FileNotFoundError:
            pass
    t = time.monotonic()
    subprocess.run(["make", "-s", "-C", src, "O=" + d, *args[arch], "-k", "-j2", *objs],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    floor = time.monotonic() - t
    rows[arch] = {"objects": len(objs), "make_s": ours, "floor_s": floor, "ratio": ours / floor}
    print("build %-7s %d objects: make %.1f s in kmap-local build (both sides), "
          "one bare make of them %.1f s: %.2f x (goal <= 1.3)" % (arch, len(objs), ours,
                                                                     floor, ours / floor))
print("build: %d commits, %.1f s wall, %d make calls (%.1f s); build dirs prepared this run: "
      "%d (%.1f s)" % (len(m["commits"]), float(end) - float(start), m.get("make_calls", 0),
                       m.get("make_seconds", 0), m["prepared"], m["prepare_seconds"]))
json.dump({"arches": rows, "extra_arches": extra, "wall_s": float(end) - float(start), "prepared": m["prepared"],
           "prepare_s": m["prepare_seconds"]}, open(os.path.join(out, "build.json"), "w"))
PY
drop_refs
