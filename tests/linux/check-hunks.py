#!/usr/bin/env python3
"""check-hunks.py DIFF: every hunk of a kmap-local diff must remove a kmap
call and add nothing but calls of the kmap_local, helper and explicit
disable APIs, or lines re-wrapped from removed text."""
import re
import sys

NEW = re.compile(r"\b(kmap_local_page|kmap_local_pfn|kmap_local_page_prot|kunmap_local|"
                 r"memcpy_to_page|memcpy_from_page|memzero_page|memset_page|memcpy_page|"
                 r"pagefault_disable|pagefault_enable|preempt_disable|preempt_enable)\(")
OLD = re.compile(r"\b(kmap|kmap_atomic|kmap_atomic_prot|kmap_atomic_pfn|kunmap|kunmap_atomic)\(")


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


DECL = re.compile(r"^\s*(const\s+)?(unsigned\s+|struct\s+)?\w+(\s*\*)*\s*\w+(\s*,\s*\**\s*\w+)*;\s*$")


def dropped_declaration(minus, plus):
    """A hunk that removes a variable the conversion left unused."""
    lines = [m for m in minus if m.strip()]
    return lines and all(DECL.match(m) for m in lines) and all(DECL.match(p) for p in plus)


def only_kmap_changes(minus, plus):
    """The hunk removes a kmap call (or a declaration it left unused), and
    every added line calls a kmap_local/helper/disable API, continues such
    a call, or re-wraps text that was removed."""
    if dropped_declaration(minus, plus):
        return True
    removed = re.sub(r"\s", "", "".join(minus))
    if not OLD.search("".join(minus)):
        return False
    in_call = False
    for line in plus:
        if NEW.search(line):
            in_call = not line.rstrip().endswith((";", "{", "}"))
        elif in_call:
            in_call = not line.rstrip().endswith(";")
        elif DECL.match(line) and all(w in removed for w in re.findall(r"\w+", line)):
            continue    # a declaration that lost a declarator
        elif re.sub(r"\s", "", line) not in removed:
            return False
    return True


def main():
    total = bad = 0
    for minus, plus in hunks(sys.argv[1]):
        total += 1
        if not only_kmap_changes(minus, plus):
            bad += 1
            print("".join("-" + m for m in minus) + "".join("+" + p for p in plus))
    print("# %d hunks checked, %d bad" % (total, bad))
    return 1 if bad or not total else 0


sys.exit(main())
