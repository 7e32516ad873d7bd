#!/usr/bin/env python3
"""check-hunks.py DIFF: every hunk of a kmap-local diff must only rename
kmap_atomic*/kunmap_atomic calls to their kmap_local counterparts; line
breaks may move (spatch re-wraps a call that now fits on one line)."""
import re
import sys

NAMES = [("kmap_local_page_prot", "kmap_atomic_prot"), ("kmap_local_pfn", "kmap_atomic_pfn"),
         ("kmap_local_page", "kmap_atomic"), ("kunmap_local", "kunmap_atomic")]


def hunks(path):
    """[(minus lines, plus lines)] per hunk."""
    out, cur = [], None
    for line in open(path, errors="replace"):
        if line.startswith("@@"):
            cur = [[], []]
            out.append(cur)
        elif cur is not None and line[:1] in ("-", "+") and not line.startswith(("---", "+++")):
            cur[line[0] == "+"].append(line[1:])
    return out


def only_renames(minus, plus):
    old, new = "".join(minus), "".join(plus)
    for a, b in NAMES:
        new = new.replace(a, b)
    return "map_atomic" in old and re.sub(r"\s", "", old) == re.sub(r"\s", "", new)


def main():
    total = bad = 0
    for minus, plus in hunks(sys.argv[1]):
        total += 1
        if not only_renames(minus, plus):
            bad += 1
            print("".join("-" + m for m in minus) + "".join("+" + p for p in plus))
    print("# %d hunks checked, %d bad" % (total, bad))
    return 1 if bad or not total else 0


sys.exit(main())
