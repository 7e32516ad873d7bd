#!/bin/sh
# build-bench.sh REPO OUT: the compile-check stage on Linux 6.1.
#   1. kmap-local build --arch x86_64,i386,arm of the whole tree's series
#      (BENCH_BUILD_PATHS="fs/ext2 mm/zswap.c ..." for a part of it): wall
#      time, CPU time (with the make calls and compilers it waited for),
#      make calls, make time per arch.  A build of the first commit before
#      it prepares the build dirs, so the measured run pays no prepare;
#   2. per arch, one bare `make -k -j2 O=<same dir> objects...` of the
#      objects the series changes that kmap-local built there, in the same
#      checkout (left at the tip) and prepared dirs: the compile floor.
# Goal: kmap-local's make time <= 1.3 x the floor, per arch and in CPU.
# Writes OUT/build.json and prints the table.
set -e
repo=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KMAP_LOCAL:-$top/build/kmap-local}
measure="python3 $top/tests/bench/measure.py"
export BENCH_OUT="$out"
topic=kmap-local-bench/build
arches=x86_64,i386,arm

drop_refs () {
	git -C "$repo" for-each-ref --format='%(refname)' refs/heads/kmap-local-bench \
		refs/tags/sent/kmap-local-bench | xargs -r -n1 git -C "$repo" update-ref -d
}
drop_refs
rm -rf "$out/build-series"
export GIT_AUTHOR_NAME='kmap-local bench' GIT_AUTHOR_EMAIL='bench@example.org'
export GIT_AUTHOR_DATE='@1700000000 +0000'
# shellcheck disable=SC2086 # a list of paths
"$bin" -C "$repo" series -q --treewide --no-build --no-checkpatch --topic $topic \
	-o "$out/build-series" $BENCH_BUILD_PATHS >/dev/null
base=$(git -C "$repo" rev-parse HEAD)
tip=$(git -C "$repo" rev-parse "sent/$topic/treewide-v1")
first=$(git -C "$repo" rev-list --reverse "$base..$tip" | head -n 1)
"$bin" -C "$repo" build -q --arch $arches "$first" >/dev/null 2>&1 || :
$measure build "$out/build-matrix.json" "$bin" -C "$repo" build -q --json --arch $arches \
	"$base..$tip"

src=$(git -C "$repo" rev-parse --absolute-git-dir)/kmap-local/src
cache=${XDG_CACHE_HOME:-$HOME/.cache}/kmap-local/build
tree=$(git -C "$repo" rev-parse HEAD^{tree} | cut -c1-12)
python3 - "$out" "$src" "$cache" "$tree" <<'PY'
import json, os, resource, subprocess, sys, time
out, src, cache, tree = sys.argv[1:5]
m = json.load(open(os.path.join(out, "build-matrix.json")))
run = json.load(open(os.path.join(out, "build.json")))
args = {"x86_64": ["ARCH=x86_64"], "i386": ["ARCH=i386"], "arm": ["ARCH=arm", "LLVM=1"]}

def children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime

def built_objects(arch):
    """The objects kmap-local compiled on `arch`: not those it left out there."""
    objs = set()
    for c in m["commits"]:
        cell = c["builds"].get(arch)
        if not cell or cell["status"] == "not-built":
            continue
        left = {u.split(" (")[0] for u in c.get("unbuilt", []) if (arch + ":") in u}
        objs.update(o for o in c["objects"] if o not in left)
    return sorted(objs)

rows = {}
for arch in m["arches"]:
    d = os.path.join(cache, "%s-%s-allmodconfig" % (tree, arch))
    objs = built_objects(arch)
    ours = sum(c["builds"][arch]["seconds"] for c in m["commits"] if arch in c["builds"])
    for o in objs:
        try:
            os.unlink(os.path.join(d, o))
        except FileNotFoundError:
            pass
    t, cpu = time.monotonic(), children_cpu()
    subprocess.run(["make", "-s", "-C", src, "O=" + d, *args[arch], "-k", "-j2", *objs],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    floor, floor_cpu = time.monotonic() - t, children_cpu() - cpu
    rows[arch] = {"objects": len(objs), "make_s": ours, "floor_s": floor,
                  "floor_cpu_s": floor_cpu, "ratio": ours / floor}
    print("build %-7s %d objects: make %.1f s in kmap-local build (both sides), "
          "one bare make of them %.1f s (%.1f s CPU): %.2f x (goal <= 1.3)" % (
              arch, len(objs), ours, floor, floor_cpu, ours / floor))
floor_cpu = sum(r["floor_cpu_s"] for r in rows.values())
print("build: %d commits, %.1f s wall, %.1f s CPU, %d make calls (%.1f s); "
      "build dirs prepared in the run: %d; CPU against the floor's %.1f s: %.2f x" % (
          len(m["commits"]), run["wall_s"], run["cpu_s"], m.get("make_calls", 0),
          m.get("make_seconds", 0), m["prepared"], floor_cpu, run["cpu_s"] / floor_cpu))
run.update({"arches": rows, "commits": len(m["commits"]), "prepared": m["prepared"],
            "make_calls": m.get("make_calls", 0), "floor_cpu_s": floor_cpu})
json.dump(run, open(os.path.join(out, "build.json"), "w"))
PY
drop_refs
