#!/usr/bin/env python3
"""Check that src/slice.c's list of CPU-local and context-test functions is
the one the rules read (cocci/10-sites.cocci: CPU_LOCAL, PREEMPT_TESTS, and
pagefault_disabled): slicing must keep every function such a rule reads.

usage: slice-cpu-list.py COCCI_10_SITES SLICE_C"""
import re
import sys


def main():
    cocci, c = (open(f).read() for f in sys.argv[1:3])
    rules = re.search(r'CPU_LOCAL = re.compile\(r"\^\((.*)\)\$"\)', cocci).group(1)
    tests = re.search(r"PREEMPT_TESTS = \(([^)]*)\)", cocci).group(1)
    want = rules.split("|") + re.findall(r'"([a-z_]+)"', tests) + ["pagefault_disabled"]
    body = re.search(r"cpu_local\[\] =(.*?);", c, re.S).group(1)
    kept = re.fullmatch(r"\^\((.*)\)\$", "".join(re.findall(r'"([^"]*)"', body)))
    kept = kept.group(1).split("|")
    if sorted(kept) != sorted(want):
        sys.exit("slice.c and the rules differ in: %s" % sorted(set(kept) ^ set(want)))


main()
