#!/usr/bin/env python3
"""check-hunks.py DIFF: every hunk of a kmap-local diff must remove a kmap
call and add nothing but calls of the kmap_local, helper and explicit
disable APIs, or lines re-wrapped from removed text.  A hunk must not
change a line the conversion did not need: no line that only changes its
whitespace (a re-indented neighbour), no neighbours joined into one line,
no hunk that only changes whitespace.  A get-page helper pair the
conversion redesigned (a get helper now "void *G(..., struct page **pagep)",
a put helper "P(struct page *page, void *addr)") may also change the
lines of its own body and, in its file, the calls of G and P and the
page_address() read-backs they replace."""
import re
import sys

NEW = re.compile(r"\b(kmap_local_page|kmap_local_pfn|kmap_local_page_prot|kunmap_local|"
                 r"memcpy_to_page|memcpy_from_page|memzero_page|memset_page|memcpy_page|"
                 r"pagefault_disable|pagefault_enable|preempt_disable|preempt_enable)\(")
OLD = re.compile(r"\b(kmap|kmap_atomic|kmap_atomic_prot|kmap_atomic_pfn|kunmap|kunmap_atomic)\(")


def hunks(path):
    """[(minus lines, plus lines, file)] per hunk."""
    out, cur, name = [], None, None
    for line in open(path, errors="replace"):
        if line.startswith("diff --git "):
            name, cur = line.split()[-1], None
        elif line.startswith("@@"):
            cur = [[], [], name]
            out.append(cur)
        elif cur is not None and line[:1] in ("-", "+") and not line.startswith(("---", "+++")):
            cur[line[0] == "+"].append(line[1:])
    return out


GET_HELPER = re.compile(r"\bvoid \*(\w+)\(.*struct page \*\*pagep\)")
PUT_HELPER = re.compile(r"\bvoid (\w+)\(struct page \*\w+, void \*addr\)")
GET_BODY = re.compile(r"^\s*(\*pagep = \w+;|if \(!?IS_ERR\(\w+\)\)|return (ERR_CAST\()?\w+\)?;)\s*$")
READ_BACK = re.compile(r"^\s*\w+ = (\([^()]*\))?page_address\(\w+\);\s*$")


def getpage_helpers(all_hunks):
    """{file: the names of its redesigned get-page helpers}."""
    names = {}
    for minus, plus, name in all_hunks:
        for line in plus:
            m = GET_HELPER.search(line) or PUT_HELPER.search(line)
            if m:
                names.setdefault(name, set()).add(m.group(1))
    return names


def only_getpage_changes(minus, plus, helpers):
    """Every changed line names one of the file's get-page helpers, is a
    line of the get helper's redesigned tail, or a read-back it replaces."""
    if not helpers:
        return False
    calls = re.compile(r"\b(%s)\(" % "|".join(sorted(helpers)))
    return (all(calls.search(m) or OLD.search(m) or GET_BODY.match(m) or READ_BACK.match(m)
                for m in minus) and
            all(calls.search(p) or NEW.search(p) or GET_BODY.match(p) for p in plus))


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


def squeeze(line):
    return re.sub(r"\s", "", line)


def needless_changes(minus, plus):
    """Lines the conversion did not need to touch: a '+' line without a
    kmap call that is a '-' line with other whitespace, or two or more
    '-' lines without kmap calls joined into one '+' line."""
    bad = []
    plain_minus = [m for m in minus if not OLD.search(m) and squeeze(m)]
    in_call = False
    for p in plus:
        if NEW.search(p) or in_call:
            in_call = not p.rstrip().endswith((";", "{", "}"))
            continue
        if not squeeze(p):
            continue
        if any(squeeze(m) == squeeze(p) and m != p for m in plain_minus):
            bad.append("re-indented: " + p.strip())
        for i in range(len(plain_minus)):
            for j in range(i + 2, len(plain_minus) + 1):
                if "".join(squeeze(m) for m in plain_minus[i:j]) == squeeze(p):
                    bad.append("joined: " + p.strip())
    if minus and squeeze("".join(minus)) == squeeze("".join(plus)):
        bad.append("whitespace only")
    return bad


def main():
    total = bad = 0
    all_hunks = hunks(sys.argv[1])
    helpers = getpage_helpers(all_hunks)
    for minus, plus, name in all_hunks:
        total += 1
        needless = needless_changes(minus, plus)
        if not (only_kmap_changes(minus, plus) or
                only_getpage_changes(minus, plus, helpers.get(name))) or needless:
            bad += 1
            print("".join("-" + m for m in minus) + "".join("+" + p for p in plus) +
                  "".join("# %s\n" % n for n in needless))
    print("# %d hunks checked, %d bad" % (total, bad))
    return 1 if bad or not total else 0


sys.exit(main())
