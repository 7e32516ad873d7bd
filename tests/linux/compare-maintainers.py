#!/usr/bin/env python3
"""compare-maintainers.py LINUX CANDIDATES OUT_DIR: check `kmap-local maintainers`
against the tree's own scripts/get_maintainer.pl.

Files: every path listed in CANDIDATES plus a deterministic sample of 2,000
other files of the tree (every k-th of `git ls-files`, DT binding .yaml files
left out: get_maintainer.pl also mails the addresses written inside those,
which kmap-local never patches).  For each file the set of addresses must
agree; prints the disagreements and the agreement rate, exits 1 below 99.5 %.

get_maintainer.pl takes ~0.5 s a file, so its answers are cached in
OUT_DIR/../ keyed by the hash of MAINTAINERS, .mailmap, the script and the
file list (KMAP_LOCAL_GM_CACHE overrides the directory).
"""
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys

GM_FLAGS = ["--nogit", "--nogit-fallback", "--norolestats", "--nokeywords", "-f"]
SAMPLE = 2000


def git(linux, *args):
    return subprocess.run(["git", "-C", linux, *args], check=True, capture_output=True,
                          text=True).stdout


def sample_files(linux, candidates):
    every = [p for p in git(linux, "ls-files").splitlines()
             if not p.endswith(".yaml") and p not in candidates]
    step = max(1, len(every) // SAMPLE)
    return every[::step][:SAMPLE]


def address(entry):
    m = re.search(r"<([^>]+)>", entry)
    return (m.group(1) if m else entry).strip()


def oracle_one(linux, path):
    # Sections of equal depth come out in Perl's hash order, which is random
    # per run; when two of them name one person with different addresses the
    # first wins.  A fixed hash seed makes the oracle repeatable.
    env = dict(os.environ, PERL_HASH_SEED="0", PERL_PERTURB_KEYS="0")
    out = subprocess.run(["perl", "scripts/get_maintainer.pl", *GM_FLAGS, path], cwd=linux,
                         capture_output=True, text=True, errors="replace", env=env)
    return path, sorted({address(l) for l in out.stdout.splitlines() if l.strip()})


def oracle(linux, files, cache_dir):
    key = hashlib.sha1()
    for blob in ("MAINTAINERS", ".mailmap", "scripts/get_maintainer.pl"):
        key.update(git(linux, "rev-parse", "HEAD:" + blob).encode())
    key.update("\n".join(files).encode())
    cache = os.path.join(cache_dir, "get_maintainer-%s.json" % key.hexdigest()[:16])
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    jobs = os.cpu_count() or 2
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        result = dict(pool.map(lambda p: oracle_one(linux, p), files))
    os.makedirs(cache_dir, exist_ok=True)
    with open(cache + ".tmp", "w") as f:
        json.dump(result, f)
    os.rename(cache + ".tmp", cache)
    return result


def ours(linux, files):
    out = subprocess.run([os.environ.get("KMAP_LOCAL", "kmap-local"), "-C", linux,
                          "maintainers", "--json", *files],
                         check=True, capture_output=True, text=True)
    return {e["path"]: sorted({address(a) for a in e["to"] + e["cc"]})
            for e in json.loads(out.stdout)}


def main():
    linux, candidates_file, out_dir = sys.argv[1:4]
    with open(candidates_file) as f:
        candidates = [l.strip() for l in f if l.strip()]
    files = candidates + sample_files(linux, set(candidates))
    cache_dir = os.environ.get("KMAP_LOCAL_GM_CACHE", os.path.dirname(linux.rstrip("/")))
    want = oracle(linux, files, cache_dir)
    got = ours(linux, files)
    bad = [p for p in files if want[p] != got.get(p)]
    for p in bad:
        print("# differ: %s\n#   get_maintainer.pl: %s\n#   kmap-local:        %s"
              % (p, " ".join(want[p]), " ".join(got.get(p, []))))
    rate = 100.0 * (len(files) - len(bad)) / len(files)
    print("# %d files (%d candidates + %d sampled): %d agree, %d differ: %.2f %%"
          % (len(files), len(candidates), len(files) - len(candidates),
             len(files) - len(bad), len(bad), rate))
    with open(os.path.join(out_dir, "maintainers-agreement"), "w") as f:
        f.write("%.2f\n" % rate)
    sys.exit(0 if rate >= 99.5 else 1)


if __name__ == "__main__":
    main()
