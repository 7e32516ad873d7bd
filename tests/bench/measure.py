#!/usr/bin/env python3
"""measure.py NAME OUTFILE CMD...: run CMD with stdout to OUTFILE; record the
wall time, the CPU time (user + sys of CMD and the descendants it waited
for), the ratio of the two and the peak of the summed RSS of CMD and all
its descendants (sampled every 50 ms from /proc) in $BENCH_OUT/NAME.json,
with the load average before the run."""
import json, os, subprocess, sys, time

def tree_rss(root):
    children = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(pid))
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open("/proc/%d/statm" % pid) as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    return total

def main():
    name, outfile, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    load = os.getloadavg()[0]
    start = time.monotonic()
    with open(outfile, "wb") as out:
        p = subprocess.Popen(cmd, stdout=out)
        peak, status, usage = 0, None, None
        while status is None:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status, usage = st, ru
                break
            peak = max(peak, tree_rss(p.pid))
            time.sleep(0.05)
    wall = time.monotonic() - start
    code = p.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    resdir = os.environ.get("BENCH_OUT", ".")
    with open(os.path.join(resdir, name + ".json"), "w") as f:
        json.dump({"name": name, "wall_s": wall, "cpu_s": cpu, "cpu_per_wall": cpu / wall,
                   "peak_rss_mib": peak / 2**20, "load_before": load, "exit": code}, f)
    print("%-22s %7.2f s  %7.2f s CPU (%.2f x)  %7.1f MiB peak RSS  load %.1f%s" % (
          name, wall, cpu, cpu / wall, peak / 2**20, load,
          "  (exited %d)" % code if code else ""))

main()
