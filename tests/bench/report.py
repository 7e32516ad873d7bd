#!/usr/bin/env python3
"""report.py DIR: ratios of the bench results in DIR against the goals."""
import json, os, sys

d = sys.argv[1]
r = {n: json.load(open(os.path.join(d, n + ".json")))
     for n in ("cold-1", "cold-2", "cold-3", "warm-1", "warm-2", "warm-3", "spatch-dir",
               "git-grep", "discover+warm-spatch", "series", "series+checkpatch",
               "maintainers-hostile", "spatch-naive-1", "spatch-naive-2", "spatch-naive-3",
               "rebase-1", "rebase-2", "rebase-3")}
median = lambda runs: sorted(runs, key=lambda x: x["wall_s"])[1]
r["warm"] = median(r["warm-%d" % i] for i in (1, 2, 3))
r["cold"] = median(r["cold-%d" % i] for i in (1, 2, 3))
r["spatch-naive"] = median(r["spatch-naive-%d" % i] for i in (1, 2, 3))
r["rebase"] = median(r["rebase-%d" % i] for i in (1, 2, 3))
# each cold run right after a naive one: the median of those pairs' ratios
pairs = sorted(r["cold-%d" % i]["wall_s"] / r["spatch-naive-%d" % i]["wall_s"] for i in (1, 2, 3))
cores = int(open(os.path.join(d, "cores")).read())
cold, warm, base = r["cold"]["wall_s"], r["warm"]["wall_s"], r["spatch-dir"]["wall_s"]
busy = r["cold"]["cpu_s"] / cold
stage = r["series"]["wall_s"] - warm
skipped = r["spatch-dir"].get("skipped")
peak = max(r[n]["peak_rss_mib"] for n in ("cold-1", "cold-2", "cold-3", "warm-1", "warm-2", "warm-3",
                                          "rebase-1", "rebase-2", "rebase-3"))
base_note = " (spatch exited %d)" % r["spatch-dir"]["exit"] if r["spatch-dir"].get("exit") else ""
naive, rebase = r["spatch-naive"]["wall_s"], r["rebase"]["wall_s"]
rows = [
    ("cold / naive spatch", "%.2f (median of 3 back-to-back pairs: %s; medians %.1f s / %.1f s, "
     "naive CPU %.1f s)" % (pairs[1], ", ".join("%.2f" % x for x in pairs), cold, naive,
     r["spatch-naive"]["cpu_s"]), "<= 1.00", pairs[1] <= 1.0),
    ("cold / spatch --dir", "skipped" if skipped else "%.2f%s" % (cold / base, base_note),
     "(info)", True),
    ("cold CPU / wall", "%.2f (%.1f s / %.1f s, %d cores, load %.1f)" % (
     busy, r["cold"]["cpu_s"], cold, cores, r["cold"]["load_before"]),
     ">= %.2f" % (0.9 * cores), busy >= 0.9 * cores),
    ("warm diff (median of 3)", "%.2f s (%.2f s CPU)" % (warm, r["warm"]["cpu_s"]), "<= 0.6 s",
     warm <= 0.6),
    ("re-run after rebase / cold", "%.3f (median of 3: %.2f s / %.1f s)" % (rebase / cold, rebase, cold),
     "<= 0.10", rebase / cold <= 0.1),
    ("peak RSS (tree)", "%.0f MiB" % peak, "<= 1024 MiB", peak <= 1024),
    ("discover vs git grep -l", "%.2f s vs %.2f s" % (r["discover+warm-spatch"]["wall_s"],
     r["git-grep"]["wall_s"]), "<=", r["discover+warm-spatch"]["wall_s"] <= r["git-grep"]["wall_s"]),
    ("series stage", "%.2f s (%.2f - %.2f)" % (stage, r["series"]["wall_s"], warm), "<= 5 s",
     stage <= 5),
    ("series + checkpatch", "%.2f s" % r["series+checkpatch"]["wall_s"], "(info)", True),
    ("hostile MAINTAINERS", "%.2f s" % r["maintainers-hostile"]["wall_s"], "<= 2 s",
     r["maintainers-hostile"]["wall_s"] <= 2),
]
build = os.path.join(d, "build.json")
if os.path.exists(build) and "arches" in json.load(open(build)):
    b = json.load(open(build))
    for arch, a in b["arches"].items():
        rows.append(("build %s / floor" % arch, "%.2f (%.1f s / %.1f s, %d objects)" % (
                     a["ratio"], a["make_s"], a["floor_s"], a["objects"]), "<= 1.30",
                     a["ratio"] <= 1.3))
    ratio = b["cpu_s"] / b["floor_cpu_s"]
    rows.append(("build CPU / floor CPU", "%.2f (%.1f s / %.1f s, %d commits)" % (
                 ratio, b["cpu_s"], b["floor_cpu_s"], b["commits"]), "<= 1.30", ratio <= 1.3))
print()
for name, got, goal, ok in rows:
    print("%-26s %-22s goal %-12s %s" % (name, got, goal, "ok" if ok else "MISSED"))
