// kmap-local rule set: convert kmap_atomic()/kmap() call sites to
// kmap_local_page()/kunmap_local() or to the memcpy_*_page()/memzero_page()
// helpers, and give every call site one verdict with evidence.
//
// The rules are one semantic patch split by concern into the files of this
// directory, which kmap-local joins in name order into one spatch run:
// 10-sites (this: the Python helpers and the catch-all report), 20-bounds
// (what bounds a copy's length), 30-helpers, 40-atomic (kmap_atomic()
// regions), 45-getpage (get-page helper pairs), 50-kmap (kmap() regions),
// 55-paired (paired maps whose paths only the graph check follows) and
// 60-flags (why a site is left).
//
// Every site is reported on stdout as one tab-separated line:
//   KMAP-SITE <file> <line> <function> <verdict> <evidence>
// flag:no-rule is reported for every site first; any other verdict for the
// same line replaces it.  kmap-local's post-checks in C add the macro,
// unparsed, unmap-order and nesting>15 verdicts.  README.md lists them all.
//
// Rules run in order, each on the result of the ones before: context rules
// that find what a region depends on, the helpers, the kmap_atomic()
// regions that need an explicit disable, the plain kmap_atomic() and kmap()
// regions, and last the flags that say why a remaining site was left.
// Rules go by API and data flow only, never by file or function name.
//
// Tokens: kmap kmap_atomic kmap_atomic_prot kmap_atomic_pfn
// Options: --no-includes --include-headers

@initialize:python@
@@
import re

import difflib, os, sys, time

# After a rule changes a file, later rules match a re-parsed copy of it
# ("cocci_small_output-<pid>-<hex>-<name>" in $TMPDIR) and positions are
# that copy's.  Sites are reported at the original's lines: the copy is
# diffed against the original, whose name site_any (which runs before any
# change) has recorded.
originals = {}
line_maps = {}

def original_position(p):
    f = p[0].file
    m = re.match(r"^cocci_small_output-\d+-[0-9a-f]+-(.*)$", os.path.basename(f))
    if not m or m.group(1) not in originals:
        originals.setdefault(os.path.basename(f), f)
        return f, int(p[0].line)
    orig = originals[m.group(1)]
    if f not in line_maps:
        with open(orig, errors="surrogateescape") as a, open(f, errors="surrogateescape") as b:
            ops = difflib.SequenceMatcher(None, a.read().split("\n"), b.read().split("\n"),
                                          autojunk=False).get_opcodes()
        line_maps[f] = [op for op in ops if op[0] == "equal"]
    j = int(p[0].line) - 1
    for _, i1, _, j1, j2 in line_maps[f]:
        if j1 <= j < j2:
            return orig, i1 + (j - j1) + 1
    return orig, int(p[0].line)

# The functions where a rule converted a site (55-paired leaves them).
converted_fns = set()

def site(p, verdict, evidence):
    if verdict.startswith("local"):
        evidence += unbounded_note(p) + pinned_note.get(pkey(p), "")
    if not verdict.startswith("flag:"):
        converted_fns.add(fkey(p))
    f, line = original_position(p)
    print("KMAP-SITE\t%s\t%s:%s\t%s\t%s\t%s" % (f, line, p[0].column,
          p[0].current_element, verdict, evidence))

# What the code says about lengths, per (file, function): the right-hand
# side of each assignment that mentions PAGE_SIZE, every modification of
# those variables, and the conditions of bound checks that leave.
page_rhs = {}
reach = {}
checks = {}
page_names = set()
unbounded = {}
bound_why = {}
flushed = set()

def fkey(p):
    return (original_position(p)[0], p[0].current_element)

def pkey(p):
    f, line = original_position(p)
    return (f, line, p[0].column)

def note_rhs(p, rhs):
    page_rhs[pkey(p)] = str(rhs)

def norm(e):
    e = re.sub(r"\s+", "", str(e))
    while e.startswith("(") and e.endswith(")") and balanced(e[1:-1]):
        e = e[1:-1]
    return e

def balanced(e):
    depth = 0
    for c in e:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0

def call_args(e):
    m = re.match(r"^(\w+)\((.*)\)$", e)
    if not m or not balanced(m.group(2)):
        return None, []
    args, depth, cur = [], 0, ""
    for c in m.group(2):
        if c == "," and depth == 0:
            args.append(cur)
            cur = ""
            continue
        depth += (c == "(") - (c == ")")
        cur += c
    return m.group(1), args + [cur]

def page_rest(off):
    return ["PAGE_SIZE-" + off, "PAGE_SIZE-(" + off + ")"]

def bounded_by(off, n):
    zero = off == "0"
    if zero and n == "PAGE_SIZE":
        return "the length is PAGE_SIZE at offset 0"
    if n in page_rest(off):
        return "the length is PAGE_SIZE minus the offset"
    name, args = call_args(n)
    if name in ("min", "min_t", "min3", "umin", "min_array"):
        for a in args[1:] if name == "min_t" else args:
            a = norm(a)
            if a in page_rest(off) or (zero and a == "PAGE_SIZE"):
                return "the length is a %s() bounded by %s" % (name, a)
    return None

def bounded_at_map(p, off, n):
    defs = reach.get(pkey(p) + (n,))
    if not defs or "entry" in defs:
        return None
    for d in defs:
        rhs = page_rhs.get((pkey(p)[0],) + d)
        if rhs is None or not bounded_by(off, norm(rhs)):
            return None
    return "every assignment of %s that reaches the map is bounded: %s" % (
        n, bounded_by(off, norm(page_rhs[(pkey(p)[0],) + min(defs)])))

def bounded(p, off, n):
    off, n = norm(off), norm(n)
    why = bounded_by(off, n)
    if not why and re.match(r"^\w+$", n):
        why = bounded_at_map(p, off, n)
    leave = [off + "+" + n + ">PAGE_SIZE", n + "+" + off + ">PAGE_SIZE",
             n + ">PAGE_SIZE-" + off, "PAGE_SIZE<" + off + "+" + n]
    if off == "0":
        leave += [n + ">PAGE_SIZE", "PAGE_SIZE<" + n]
    if not why and any(norm(c) in leave and line < pkey(p)[1]
                       for c, line in checks.get(fkey(p), ())):
        why = "the code stops (return, goto or BUG_ON()) when offset + length would pass PAGE_SIZE"
    return why

def helper_bound(p, helper, pairs):
    for off, n in pairs:
        why = bounded(p, off, n)
        if not why:
            unbounded.setdefault(pkey(p), helper)
            return False
    bound_why[pkey(p)] = why
    return True

def with_bound(p, evidence):
    return "%s; the helper's bound offset + length <= PAGE_SIZE holds: %s" % (
        evidence, bound_why[pkey(p)])

def flush_note(p, helper):
    if pkey(p) in flushed:
        return "; the flush_dcache_page() of the page right after is dropped (the helper flushes)"
    return ("; the old code did not flush: %s() adds a flush_dcache_page(), which only "
            "writes the page's cache lines back where the data cache can alias" % helper)

def offset_in_page_bound(off):
    """Is the offset below PAGE_SIZE by its form?"""
    off = norm(off)
    if off == "0" or re.match(r"^(offset_in_page|bh_offset)\(.*\)$", off):
        return True
    if re.search(r"&~PAGE_MASK$|&\(PAGE_SIZE-1\)$|%PAGE_SIZE$", off):
        return True
    m = re.match(r"^(0x[0-9a-fA-F]+|\d+)[uUlL]*$", off)
    return bool(m) and int(m.group(1), 0) < 4096

def tried_by_kmap_local(page, off, cast=""):
    """Did kmap_local (or kmap_local_decl) already try this map?  They take
    "addr = kmap(page);" (kmap_local also a cast) with page a variable, and
    check a subset of what kmap_expr checks on the same paths: where they
    failed, kmap_expr fails too and need not run."""
    return not off and not cast and re.match(r"^[A-Za-z_]\w*$", page.strip()) is not None

def integer_cast(t):
    """Is the map's address cast to an integer ("(unsigned long)kmap(p)")?
    kunmap_local() of it then needs a cast back (55-paired adds it)."""
    return bool(t) and "*" not in str(t)

def kmap_expr_evidence(page, off):
    off = norm(off)
    return ("the address stays in a local variable of this function, is not stored, "
            "returned or handed to deferred work, and no page_address() of the page is "
            "used while mapped; kunmap() names the page by the same expression (%s), "
            "nothing in it is assigned while mapped, and kunmap() becomes kunmap_local() "
            "of the mapped address%s" % (norm(page), "" if off == "0" else
            ", which stays inside the page (the offset %s is below PAGE_SIZE)" % off))

# What needs the CPU pinned, per site (from the cpu rules of 40-atomic),
# and what the file's own functions do: call a CPU-local operation, test
# the context, take a CPU-pinning section.
cpu_reason = {}
pf_reason = {}
cpu_fns = {}
ctx_fns = {}
percpu_ptrs = set()
percpu_names = set()
pins = {}
cpu_cand = {}
callee_names = set()
decl_before = set()
# The plain kmap_atomic() regions whose every path checks out (plain_chk).
plain_ok = set()
# The kmap() maps whose every path checks out (kmap_local_chk, kmap_local_decl_chk).
kmap_ok = set()

PREEMPT_TESTS = ("in_atomic", "preemptible", "irqs_disabled", "in_interrupt", "in_irq",
                 "in_softirq", "in_task", "in_nmi")

pinned_note = {}

def record_pin(p, name, start):
    pins.setdefault(fkey(p), []).append((pkey(p)[1], start, str(name)))

def pinned(p, end_line):
    """The call that pins the CPU around the region [map, end_line] (taken
    before the map, not released before the unmap), or None."""
    marks = sorted(pins.get(fkey(p), []))
    held = []
    for line, start, name in marks:
        if line >= pkey(p)[1]:
            break
        if start:
            held.append(name)
        elif held:
            held.pop()
    if not held or any(not start and pkey(p)[1] <= line <= end_line
                       for line, start, _ in marks):
        return None
    return held[-1]

CPU_LOCAL = re.compile(r"^(local_flush_[a-z0-9_]+|__flush_[a-z0-9_]*(cache|region|page|range|line|area|tlb)[a-z0-9_]*|__purge_[a-z0-9_]+|purge_[a-z0-9_]*(cache|region|page|tlb)[a-z0-9_]*|__(inv|invalidate|clean|wback)_[a-z0-9_]+|[a-z0-9_]*_cpuc_[a-z0-9_]+|flush_kernel_dcache_page_addr|flush_dcache_line[a-z0-9_]*|invalidate_dcache_line[a-z0-9_]*)$")

def may_need_cpu(name):
    return bool(CPU_LOCAL.match(name)) or name in callee_names or name in hdr_names

# What kmap-local read for a file outside its text (src/facts.c), one
# fact per line of $KMAP_LOCAL_FACTS, "<file> TAB <kind> TAB ...":
#   callee NAME HEADER CALLS  a function of an included header, called in
#                             one of the file's kmap_atomic() regions, and
#                             the calls its body makes (comma-separated);
#   up REASON                 the file's architecture runs on one CPU only.
# Here a header callee counts like a function of the file itself when its
# body calls a CPU-local operation or tests the context.
hdr_fns = {}
hdr_names = set()
up_files = {}

def header_callee_why(header, calls):
    for c in calls:
        if CPU_LOCAL.match(c):
            return ("op", "%s(), defined in %s, which calls %s(), a cache or TLB "
                    "operation on the executing CPU only" % ("%s", header, c))
    for c in calls:
        if c in PREEMPT_TESTS or c == "pagefault_disabled":
            return ("pf" if c == "pagefault_disabled" else "ctx",
                    "%s(), defined in %s, which tests %s()" % ("%s", header, c))
    return None

def load_facts(path):
    if not path or not os.path.exists(path):
        return
    with open(path, errors="surrogateescape") as facts:
        for line in facts:
            f = line.rstrip("\n").split("\t")
            if len(f) == 5 and f[1] == "callee":
                why = header_callee_why(f[3], f[4].split(","))
                if why:
                    hdr_fns[(f[0], f[2])] = why
                    hdr_names.add(f[2])
            elif len(f) == 3 and f[1] == "up":
                up_files[f[0]] = f[2]

# Loaded at the first file, not here: kmap-local may start spatch before
# it has found the candidates and written their facts (src/spatch.h).
# A forked worker inherits what its parent loaded.
_facts = {"loaded": False}

def load_facts_once():
    if not _facts["loaded"]:
        _facts["loaded"] = True
        load_facts(os.environ.get("KMAP_LOCAL_FACTS"))

def cpu_call_why(f, name):
    """(kind, why) of a call in a kmap_atomic() region: "op" for a cache or
    TLB operation on the executing CPU, "ctx" for a context test, "pf"
    for a pagefault_disabled() test; None when the call needs nothing."""
    if CPU_LOCAL.match(name):
        return ("op", "it calls %s(), a cache or TLB operation on the executing CPU only" % name)
    if (f, name) in cpu_fns:
        return ("op", "it calls %s(), which calls %s(), a cache or TLB operation on the "
                "executing CPU only" % (name, cpu_fns[(f, name)]))
    if (f, name) in ctx_fns:
        t = ctx_fns[(f, name)]
        return ("pf" if t == "pagefault_disabled" else "ctx",
                "it calls %s(), which tests %s()" % (name, t))
    if (f, name) in hdr_fns:
        kind, what = hdr_fns[(f, name)]
        return (kind, "it calls " + what % name)
    return None

def note_cpu_call(p, name, end_line):
    """A call in a kmap_atomic() region: does it need the CPU pinned?  A
    candidate until settle_cpu_candidates() knows the file's pinned sections."""
    why = cpu_call_why(pkey(p)[0], name)
    if not why:
        return
    if why[0] == "pf":
        pf_reason.setdefault(pkey(p), "the region c" + why[1][4:])
        return
    cpu_cand.setdefault(pkey(p), []).append((p, end_line, why[1], why[0] == "op"))

def settle_cpu_candidates():
    """A region needs the CPU pinned for the first reason a pinned section
    around it does not already give, and that one CPU (an architecture
    without SMP) does not make moot; the evidence names the others."""
    for key, cands in list(cpu_cand.items()):
        p, end_line = cands[0][0], cands[0][1]
        pin = pinned(p, end_line)
        up = up_files.get(pkey(p)[0])
        need = [why for _, _, why, cpu_op in cands if not (cpu_op and up)]
        said = cands[0][2].replace("it calls", "the region calls").replace("it reaches", "the region reaches")
        if pin:
            pinned_note.setdefault(key, "; %s, but the %s() section around the region already "
                                   "keeps it on one CPU" % (said, pin))
        elif need:
            cpu_reason.setdefault(key, need[0])
        else:
            pinned_note.setdefault(key, "; %s, but %s: there is no other CPU to migrate to"
                                   % (said, up))
    cpu_cand.clear()

# Static wrapper pairs: the map wrapper's name by its map's position,
# the unmap wrapper's unmap by name, every use and call of a map wrapper,
# the calls that pair with an unmap wrapper.
wrap_maps = {}
wrap_unmaps = {}
wrap_uses = {}
wrap_calls = {}
wrap_paired = {}
wrap_partner = {}
wrap_reported = set()

def wrap_key(p, name):
    return (pkey(p)[0], str(name))

def wrap_pairs_all(k):
    calls = wrap_calls.get(k, set())
    return (bool(calls) and calls == wrap_paired.get(k) and
            wrap_uses.get(k, set()) == calls and k in wrap_partner)

def wrap_ok(p):
    k = wrap_maps.get(pkey(p))
    if not k or not wrap_pairs_all(k):
        return False
    m = k[1]
    if pkey(p) not in wrap_reported:
        wrap_reported.add(pkey(p))
        n = len(wrap_calls[k])
        site(p, "local", "%s() is a static wrapper that only maps and returns the address, "
             "and %s() one that only unmaps it; %s in this file pairs them in one function "
             "with nothing mapped or unmapped in between, and no region between them makes "
             "a user copy, tests pagefault_disabled()/in_atomic(), uses per-CPU data or a "
             "CPU-local operation: both wrappers convert together"
             % (m, wrap_partner[k][1], "its one call" if n == 1 else "each of its %d calls" % n))
    return True

def wrap_unmap_ok(q):
    return any(wrap_unmaps.get(u) == pkey(q) and wrap_pairs_all(k)
               for k, u in wrap_partner.items())

# With --jobs, spatch forks workers after this initialisation, and their
# messages would share one log.  kmap-local sets $KMAP_LOCAL_WORKER_LOGS:
# at its first file a forked worker moves its stdout and stderr to files
# of its own there (out.<pid>, err.<pid>), and every process logs the
# files it starts, with the time, in start.<pid>: "<seconds> TAB <file>",
# which kmap-local times files by and counts for its progress.
_main_pid = os.getpid()
_worker = {"pid": None, "starts": None}

def own_worker_logs(pid, logs):
    sys.stdout.flush()
    sys.stderr.flush()
    for fd, name in ((1, "out"), (2, "err")):
        f = os.open(os.path.join(logs, "%s.%d" % (name, pid)),
                    os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(f, fd)
        os.close(f)

def log_file_start():
    logs = os.environ.get("KMAP_LOCAL_WORKER_LOGS")
    pid = os.getpid()
    if not logs:
        return
    if _worker["pid"] != pid:
        if pid != _main_pid:
            own_worker_logs(pid, logs)
        _worker["starts"] = os.open(os.path.join(logs, "start.%d" % pid),
                                    os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _worker["pid"] = pid
    files = cocci.files()
    line = "%.6f\t%s\n" % (time.monotonic(), files[0] if files else "")
    os.write(_worker["starts"], line.encode(errors="surrogateescape"))

# spatch runs every rule on one file, then on the next, in each worker:
# what a file's definitions teach (names of page variables, per-CPU
# pointers, callees, wrappers) holds for that file only.
def start_file():
    log_file_start()
    load_facts_once()
    for names in (page_names, percpu_names, callee_names):
        names.clear()
    pk_step_vars.clear()
    for d in (wrap_maps, wrap_unmaps, wrap_uses, wrap_calls, wrap_paired, wrap_partner):
        d.clear()

def plain_allowed(p):
    return pkey(p) not in cpu_reason and pkey(p) not in pf_reason

def unbounded_note(p):
    helper = unbounded.get(pkey(p))
    if not helper:
        return ""
    return ("; the length is not bounded by the page (offset + length may pass "
            "PAGE_SIZE on a compound page), so %s() is not used" % helper)

@script:python@
@@
start_file()

@site_any@
position p;
expression E;
@@
(
kmap_atomic@p(E)
|
kmap_atomic_prot@p(E, ...)
|
kmap_atomic_pfn@p(E)
|
kmap@p(E)
)

@script:python@
p << site_any.p;
@@
site(p, "flag:no-rule", "the map is not followed by its unmap on every path in a form these rules can prove safe")

// Which map calls the file makes at all.  A rule that can only match a
// kmap_atomic() family call, or only a kmap() call, depends on its gate
// (a rule that can match either on both), so spatch skips it, and its walk
// over every function, in a file without one.  Nothing the rules add is
// such a call, so the gates read at the start hold for the whole run.

@has_atomic@
@@
\(kmap_atomic(...)\|kmap_atomic_prot(...)\|kmap_atomic_pfn(...)\)

@has_kmap@
@@
kmap(...)
