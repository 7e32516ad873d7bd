// kmap-local rule set: convert kmap_atomic()/kmap() call sites to
// kmap_local_page()/kunmap_local() or to the memcpy_*_page()/memzero_page()
// helpers, and give every call site one verdict with evidence.
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

import difflib, os

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

def site(p, verdict, evidence):
    if verdict.startswith("local"):
        evidence += unbounded_note(p)
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

def unbounded_note(p):
    helper = unbounded.get(pkey(p))
    if not helper:
        return ""
    return ("; the length is not bounded by the page (offset + length may pass "
            "PAGE_SIZE on a compound page), so %s() is not used" % helper)

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

// ---- What bounds a length: the facts the helper rules check.

@fact_page@
identifier n;
expression E : script:python () { "PAGE_SIZE" in str(E) };
position pa;
@@
n@pa = E

@script:python@
n << fact_page.n;
pa << fact_page.pa;
E << fact_page.E;
@@
page_names.add(str(n))
note_rhs(pa, E)

@fact_page_decl@
identifier n;
expression E : script:python () { "PAGE_SIZE" in str(E) };
position pa;
type T;
@@
T n@pa = E;

@script:python@
n << fact_page_decl.n;
pa << fact_page_decl.pa;
E << fact_page_decl.E;
@@
page_names.add(str(n))
note_rhs(pa, E)

// Which assignments of those variables reach each map: a length is
// bounded at a map only if every definition reaching it is ("entry" stands
// for the value a parameter came with).

@fact_reach exists@
identifier n : script:python () { str(n) in page_names };
expression E, E2, page;
position pm, pk;
@@
(
n@pm = E
|
n@pm += E
|
n@pm -= E
|
n@pm *= E
|
n@pm <<= E
|
n@pm++
|
n@pm--
)
... when != n = E2
    when != n += E2
    when != n -= E2
    when != n *= E2
    when != n <<= E2
    when != n++
    when != n--
(
kmap_atomic@pk(page)
|
kmap@pk(page)
)

@script:python@
n << fact_reach.n;
pm << fact_reach.pm;
pk << fact_reach.pk;
@@
reach.setdefault(pkey(pk) + (str(n),), set()).add(pkey(pm)[1:])

@fact_reach_decl exists@
identifier n : script:python () { str(n) in page_names };
expression E, E2, page;
type T;
position pm, pk;
@@
T n@pm = E;
... when != n = E2
    when != n += E2
    when != n -= E2
    when != n *= E2
    when != n <<= E2
    when != n++
    when != n--
(
kmap_atomic@pk(page)
|
kmap@pk(page)
)

@script:python@
n << fact_reach_decl.n;
pm << fact_reach_decl.pm;
pk << fact_reach_decl.pk;
@@
reach.setdefault(pkey(pk) + (str(n),), set()).add(pkey(pm)[1:])

@fact_reach_param exists@
identifier fn;
identifier n : script:python () { str(n) in page_names };
expression E2, page;
type T;
position pk;
@@
fn(..., T n, ...) {
... when != n = E2
    when != n += E2
    when != n -= E2
    when != n *= E2
    when != n <<= E2
    when != n++
    when != n--
(
kmap_atomic@pk(page)
|
kmap@pk(page)
)
... when any
}

@script:python@
n << fact_reach_param.n;
pk << fact_reach_param.pk;
@@
reach.setdefault(pkey(pk) + (str(n),), set()).add("entry")

@fact_check@
expression C : script:python () { "PAGE_SIZE" in str(C) };
position pc;
identifier l;
@@
(
if (C@pc) return ...;
|
if (C@pc) goto l;
|
if (C@pc) { ... return ...; }
|
if (C@pc) { ... goto l; }
|
BUG_ON(C@pc);
|
VM_BUG_ON(C@pc);
)

@script:python@
C << fact_check.C;
pc << fact_check.pc;
@@
checks.setdefault(fkey(pc), set()).add((str(C), pkey(pc)[1]))

// ---- Helpers: map + one copy/zero + unmap, the address used for nothing
// else.  The offset forms need a byte pointer (char, u8 or void), so that
// addr + off is a byte offset.  The unused variable's declaration goes.

@h_page_c exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} d, s;
expression dp, sp, doff, soff, len;
position p1, p2;
@@
fn(...) {
  ... when any
(
  d = kmap_atomic@p1(dp);
  s = kmap_atomic@p2(sp);
|
  s = kmap_atomic@p2(sp);
  d = kmap_atomic@p1(dp);
)
(
  memcpy(d + doff, s + soff, len);
|
  memcpy(d, s + soff, len);
|
  memcpy(d + doff, s, len);
|
  memcpy(d, s, len);
)
(
  kunmap_atomic(s);
  kunmap_atomic(d);
|
  kunmap_atomic(d);
  kunmap_atomic(s);
)
  ... when != d
      when != s
}

@script:python@
p1 << h_page_c.p1;
p2 << h_page_c.p2;
doff << h_page_c.doff = "0";
soff << h_page_c.soff = "0";
length << h_page_c.len;
@@
if helper_bound(p1, "memcpy_page", [(doff, length), (soff, length)]):
    bound_why[pkey(p2)] = bound_why[pkey(p1)]
else:
    unbounded.setdefault(pkey(p2), "memcpy_page")
    cocci.include_match(False)

@h_page exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} d, s;
expression dp, sp, doff, soff, len;
position h_page_c.p1, h_page_c.p2;
@@
fn(...) {
  ... when any
(
- d = kmap_atomic@p1(dp);
- s = kmap_atomic@p2(sp);
|
- s = kmap_atomic@p2(sp);
- d = kmap_atomic@p1(dp);
)
(
- memcpy(d + doff, s + soff, len);
+ memcpy_page(dp, doff, sp, soff, len);
|
- memcpy(d, s + soff, len);
+ memcpy_page(dp, 0, sp, soff, len);
|
- memcpy(d + doff, s, len);
+ memcpy_page(dp, doff, sp, 0, len);
|
- memcpy(d, s, len);
+ memcpy_page(dp, 0, sp, 0, len);
)
(
- kunmap_atomic(s);
- kunmap_atomic(d);
|
- kunmap_atomic(d);
- kunmap_atomic(s);
)
  ... when != d
      when != s
}

@script:python h_page_id@
p1 << h_page_c.p1;
p2 << h_page_c.p2;
d << h_page.d;
s << h_page.s;
f << h_page.fn;
did;
sid;
fid;
@@
ev = "the two mappings only serve one memcpy() between the pages; memcpy_page() maps both, copies and unmaps them in LIFO order"
site(p1, "helper:memcpy_page", with_bound(p1, ev))
site(p2, "helper:memcpy_page", with_bound(p2, ev))
coccinelle.did = cocci.make_ident(str(d))
coccinelle.sid = cocci.make_ident(str(s))
coccinelle.fid = cocci.make_ident(str(f))

@h_page_decl_d@
identifier h_page_id.fid, h_page_id.did;
type T;
@@
fid(...) {
  ... when != did
- T did;
  ... when != did
}

@h_page_decl_s@
identifier h_page_id.fid, h_page_id.sid;
type T;
@@
fid(...) {
  ... when != sid
- T sid;
  ... when != sid
}

@h_to_c exists@
typedef u8;
identifier fn;
idexpression {char *, unsigned char *, void *, u8 *} addr;
{char *, const char *, void *, const void *, u8 *, const u8 *, unsigned char *, const unsigned char *} src;
expression page, off, len;
position p, pf;
@@
fn(...) {
  ... when any
(
  addr = kmap_atomic@p(page);
|
  addr = kmap@p(page);
)
(
  memcpy(addr + off, src, len);
|
  memcpy(addr, src, len);
)
(
  kunmap_atomic(addr);
|
  kunmap(page);
)
(
  flush_dcache_page@pf(page);
|
)
  ... when != addr
}

@script:python@
p << h_to_c.p;
off << h_to_c.off = "0";
length << h_to_c.len;
pf << h_to_c.pf = [];
@@
if pf:
    flushed.add(pkey(p))
if not helper_bound(p, "memcpy_to_page", [(off, length)]):
    cocci.include_match(False)

@h_to exists@
typedef u8;
identifier fn;
idexpression {char *, unsigned char *, void *, u8 *} addr;
{char *, const char *, void *, const void *, u8 *, const u8 *, unsigned char *, const unsigned char *} src;
expression page, off, len;
position h_to_c.p;
@@
fn(...) {
  ... when any
(
- addr = kmap_atomic@p(page);
|
- addr = kmap@p(page);
)
(
- memcpy(addr + off, src, len);
+ memcpy_to_page(page, off, src, len);
|
- memcpy(addr, src, len);
+ memcpy_to_page(page, 0, src, len);
)
(
- kunmap_atomic(addr);
|
- kunmap(page);
)
(
- flush_dcache_page(page);
|
)
  ... when != addr
}

@script:python h_to_id@
p << h_to_c.p;
a << h_to.addr;
f << h_to.fn;
id;
fid;
@@
site(p, "helper:memcpy_to_page", with_bound(p, "the mapping only serves one memcpy() into the page; memcpy_to_page() maps, copies, flushes the dcache and unmaps" + flush_note(p, "memcpy_to_page")))
coccinelle.id = cocci.make_ident(str(a))
coccinelle.fid = cocci.make_ident(str(f))

@h_to_decl@
identifier h_to_id.fid, h_to_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_from_c exists@
typedef u8;
identifier fn;
idexpression {char *, unsigned char *, void *, u8 *} addr;
{char *, void *, u8 *, unsigned char *} dst;
expression page, off, len;
position p;
@@
fn(...) {
  ... when any
(
  addr = kmap_atomic@p(page);
|
  addr = kmap@p(page);
)
(
  memcpy(dst, addr + off, len);
|
  memcpy(dst, addr, len);
)
(
  kunmap_atomic(addr);
|
  kunmap(page);
)
  ... when != addr
}

@script:python@
p << h_from_c.p;
off << h_from_c.off = "0";
length << h_from_c.len;
@@
if not helper_bound(p, "memcpy_from_page", [(off, length)]):
    cocci.include_match(False)

@h_from exists@
typedef u8;
identifier fn;
idexpression {char *, unsigned char *, void *, u8 *} addr;
{char *, void *, u8 *, unsigned char *} dst;
expression page, off, len;
position h_from_c.p;
@@
fn(...) {
  ... when any
(
- addr = kmap_atomic@p(page);
|
- addr = kmap@p(page);
)
(
- memcpy(dst, addr + off, len);
+ memcpy_from_page(dst, page, off, len);
|
- memcpy(dst, addr, len);
+ memcpy_from_page(dst, page, 0, len);
)
(
- kunmap_atomic(addr);
|
- kunmap(page);
)
  ... when != addr
}

@script:python h_from_id@
p << h_from_c.p;
a << h_from.addr;
f << h_from.fn;
id;
fid;
@@
site(p, "helper:memcpy_from_page", with_bound(p, "the mapping only serves one memcpy() out of the page; memcpy_from_page() maps, copies and unmaps (it does not flush; reading needs no flush, and an existing flush_dcache_page() is kept)"))
coccinelle.id = cocci.make_ident(str(a))
coccinelle.fid = cocci.make_ident(str(f))

@h_from_decl@
identifier h_from_id.fid, h_from_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_zero_c exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} addr;
expression page, off, len;
position p, pf;
@@
fn(...) {
  ... when any
(
  addr = kmap_atomic@p(page);
|
  addr = kmap@p(page);
)
(
  memset(addr + off, 0, len);
|
  memset(addr, 0, len);
)
(
  kunmap_atomic(addr);
|
  kunmap(page);
)
(
  flush_dcache_page@pf(page);
|
)
  ... when != addr
}

@script:python@
p << h_zero_c.p;
off << h_zero_c.off = "0";
length << h_zero_c.len;
pf << h_zero_c.pf = [];
@@
if pf:
    flushed.add(pkey(p))
if not helper_bound(p, "memzero_page", [(off, length)]):
    cocci.include_match(False)

@h_zero exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} addr;
expression page, off, len;
position h_zero_c.p;
@@
fn(...) {
  ... when any
(
- addr = kmap_atomic@p(page);
|
- addr = kmap@p(page);
)
(
- memset(addr + off, 0, len);
+ memzero_page(page, off, len);
|
- memset(addr, 0, len);
+ memzero_page(page, 0, len);
)
(
- kunmap_atomic(addr);
|
- kunmap(page);
)
(
- flush_dcache_page(page);
|
)
  ... when != addr
}

@script:python h_zero_id@
p << h_zero_c.p;
a << h_zero.addr;
f << h_zero.fn;
id;
fid;
@@
site(p, "helper:memzero_page", with_bound(p, "the mapping only serves one memset() to zero; memzero_page() maps, zeroes, flushes the dcache and unmaps" + flush_note(p, "memzero_page")))
coccinelle.id = cocci.make_ident(str(a))
coccinelle.fid = cocci.make_ident(str(f))

@h_zero_decl@
identifier h_zero_id.fid, h_zero_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_set_c exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} addr;
expression page, off, val, len;
position p;
@@
fn(...) {
  ... when any
(
  addr = kmap_atomic@p(page);
|
  addr = kmap@p(page);
)
(
  memset(addr + off, val, len);
|
  memset(addr, val, len);
)
(
  kunmap_atomic(addr);
|
  kunmap(page);
)
  ... when != addr
}

@script:python@
p << h_set_c.p;
off << h_set_c.off = "0";
length << h_set_c.len;
@@
if not helper_bound(p, "memset_page", [(off, length)]):
    cocci.include_match(False)

@h_set exists@
identifier fn;
typedef u8;
idexpression {char *, unsigned char *, void *, u8 *} addr;
expression page, off, val, len;
position h_set_c.p;
@@
fn(...) {
  ... when any
(
- addr = kmap_atomic@p(page);
|
- addr = kmap@p(page);
)
(
- memset(addr + off, val, len);
+ memset_page(page, off, val, len);
|
- memset(addr, val, len);
+ memset_page(page, 0, val, len);
)
(
- kunmap_atomic(addr);
|
- kunmap(page);
)
  ... when != addr
}

@script:python h_set_id@
p << h_set_c.p;
a << h_set.addr;
f << h_set.fn;
id;
fid;
@@
site(p, "helper:memset_page", with_bound(p, "the mapping only serves one memset() with a non-zero value; memset_page(page, offset, value, len) does the same (it does not flush, so an existing flush_dcache_page() is kept)"))
coccinelle.id = cocci.make_ident(str(a))
coccinelle.fid = cocci.make_ident(str(f))

@h_set_decl@
identifier h_set_id.fid, h_set_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

// What a kmap_atomic() region depends on: context rules, each right
// before the rule that uses it (positions do not survive a change).

@pfdep exists@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, addr;
position p;
@@
(
addr = kmap_atomic@p(page)
|
addr = kmap_atomic_prot@p(page, ...)
|
addr = kmap_atomic_pfn@p(page)
)
... when != kunmap_atomic(...)
(
uf(...)
|
__copy_from_user_inatomic(...)
|
__copy_to_user_inatomic(...)
|
__copy_from_user_inatomic_nocache(...)
|
copy_from_user(...)
|
copy_to_user(...)
|
__copy_from_user(...)
|
__copy_to_user(...)
|
get_user(...)
|
put_user(...)
|
__get_user(...)
|
__put_user(...)
|
copy_page_from_iter(...)
|
copy_page_to_iter(...)
|
copy_from_iter(...)
|
copy_to_iter(...)
|
clear_user(...)
|
pagefault_disabled()
|
in_atomic()
)

@pf@
expression page, prot, addr, E2;
position pfdep.p, q;
@@
  addr = <+...
(
- kmap_atomic@p@q(page)
+ kmap_local_page(page)
|
- kmap_atomic_prot@p@q(page, prot)
+ kmap_local_page_prot(page, prot)
|
- kmap_atomic_pfn@p@q(page)
+ kmap_local_pfn(page)
)
  ...+>;
+ pagefault_disable();
  ... when != addr = E2
+ pagefault_enable();
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << pf.q;
@@
site(p, "local+pagefault_disable", "the region copies from or to user memory or tests pagefault_disabled()/in_atomic(); pagefault_disable()/pagefault_enable() inside the mapping keep faults failing fast as under kmap_atomic()")

@ppdep exists@
expression page, addr;
position p;
@@
(
addr = kmap_atomic@p(page)
|
addr = kmap_atomic_prot@p(page, ...)
|
addr = kmap_atomic_pfn@p(page)
)
... when != kunmap_atomic(...)
(
smp_processor_id()
|
raw_smp_processor_id()
|
this_cpu_ptr(...)
|
this_cpu_read(...)
|
this_cpu_write(...)
|
this_cpu_inc(...)
|
this_cpu_dec(...)
|
this_cpu_add(...)
|
__this_cpu_read(...)
|
__this_cpu_write(...)
|
__this_cpu_inc(...)
|
__this_cpu_add(...)
|
raw_cpu_ptr(...)
)

@pp@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, addr, E2;
position ppdep.p, q;
@@
  addr = <+...
(
- kmap_atomic@p@q(page)
+ kmap_local_page(page)
|
- kmap_atomic_prot@p@q(page, prot)
+ kmap_local_page_prot(page, prot)
|
- kmap_atomic_pfn@p@q(page)
+ kmap_local_pfn(page)
)
  ...+>;
+ preempt_disable();
  ... when != addr = E2
      when != uf(...)
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != __copy_from_user_inatomic_nocache(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != __copy_from_user(...)
      when != __copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != __get_user(...)
      when != __put_user(...)
      when != copy_page_from_iter(...)
      when != copy_page_to_iter(...)
      when != copy_from_iter(...)
      when != copy_to_iter(...)
      when != clear_user(...)
      when != pagefault_disabled()
      when != in_atomic()
      when != spin_lock(...)
      when != spin_lock_irq(...)
      when != spin_lock_irqsave(...)
      when != spin_lock_bh(...)
      when != raw_spin_lock(...)
      when != raw_spin_lock_irqsave(...)
      when != local_irq_save(...)
      when != local_irq_disable()
      when != preempt_disable()
      when != get_cpu()
      when != local_lock(...)
      when != local_lock_irqsave(...)
      when != write_lock_irqsave(...)
      when != read_lock_irqsave(...)
+ preempt_enable();
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << pp.q;
@@
site(p, "local+preempt_disable", "the region uses per-CPU data or the CPU number and nothing in it holds preemption off; preempt_disable()/preempt_enable() keep it on one CPU as kmap_atomic() did")

@ppdep2 exists@
expression page, addr;
position p;
@@
(
addr = kmap_atomic@p(page)
|
addr = kmap_atomic_prot@p(page, ...)
|
addr = kmap_atomic_pfn@p(page)
)
... when != kunmap_atomic(...)
(
smp_processor_id()
|
raw_smp_processor_id()
|
this_cpu_ptr(...)
|
this_cpu_read(...)
|
this_cpu_write(...)
|
this_cpu_inc(...)
|
this_cpu_dec(...)
|
this_cpu_add(...)
|
__this_cpu_read(...)
|
__this_cpu_write(...)
|
__this_cpu_inc(...)
|
__this_cpu_add(...)
|
raw_cpu_ptr(...)
)

@pplocked exists@
expression page, addr;
position pl;
@@
(
addr = kmap_atomic@pl(page)
|
addr = kmap_atomic_prot@pl(page, ...)
|
addr = kmap_atomic_pfn@pl(page)
)
... when != kunmap_atomic(...)
(
spin_lock(...)
|
spin_lock_irq(...)
|
spin_lock_irqsave(...)
|
spin_lock_bh(...)
|
raw_spin_lock(...)
|
raw_spin_lock_irqsave(...)
|
local_irq_save(...)
|
local_irq_disable()
|
preempt_disable()
|
get_cpu()
|
local_lock(...)
|
local_lock_irqsave(...)
|
write_lock_irqsave(...)
|
read_lock_irqsave(...)
)

@pp_locked@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, addr, E2;
position ppdep2.p, pplocked.pl, q;
@@
  addr = <+...
(
- kmap_atomic@p@pl@q(page)
+ kmap_local_page(page)
|
- kmap_atomic_prot@p@pl@q(page, prot)
+ kmap_local_page_prot(page, prot)
|
- kmap_atomic_pfn@p@pl@q(page)
+ kmap_local_pfn(page)
)
  ...+>;
  ... when != addr = E2
      when != uf(...)
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != __copy_from_user_inatomic_nocache(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != __copy_from_user(...)
      when != __copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != __get_user(...)
      when != __put_user(...)
      when != copy_page_from_iter(...)
      when != copy_page_to_iter(...)
      when != copy_from_iter(...)
      when != copy_to_iter(...)
      when != clear_user(...)
      when != pagefault_disabled()
      when != in_atomic()
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << pp_locked.q;
@@
site(p, "local", "the region uses per-CPU data, but a lock or an irq/preempt-off section inside it already keeps it on one CPU, and it makes no user copy")

// ---- Plain kmap_atomic() regions ----

@plain@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, addr, E2;
position p;
@@
  addr = <+...
(
- kmap_atomic@p(page)
+ kmap_local_page(page)
|
- kmap_atomic_prot@p(page, prot)
+ kmap_local_page_prot(page, prot)
|
- kmap_atomic_pfn@p(page)
+ kmap_local_pfn(page)
)
  ...+>;
  ... when != addr = E2
      when != uf(...)
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != __copy_from_user_inatomic_nocache(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != __copy_from_user(...)
      when != __copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != __get_user(...)
      when != __put_user(...)
      when != copy_page_from_iter(...)
      when != copy_page_to_iter(...)
      when != copy_from_iter(...)
      when != copy_to_iter(...)
      when != clear_user(...)
      when != pagefault_disabled()
      when != in_atomic()
      when != smp_processor_id()
      when != raw_smp_processor_id()
      when != this_cpu_ptr(...)
      when != this_cpu_read(...)
      when != this_cpu_write(...)
      when != this_cpu_inc(...)
      when != this_cpu_dec(...)
      when != this_cpu_add(...)
      when != __this_cpu_read(...)
      when != __this_cpu_write(...)
      when != __this_cpu_inc(...)
      when != __this_cpu_add(...)
      when != raw_cpu_ptr(...)
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << plain.p;
@@
site(p, "local", "the region between map and unmap makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied")

@plain_decl@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
type T;
identifier addr;
expression page, prot, E2;
position p;
@@
  T addr = <+...
(
- kmap_atomic@p(page)
+ kmap_local_page(page)
|
- kmap_atomic_prot@p(page, prot)
+ kmap_local_page_prot(page, prot)
|
- kmap_atomic_pfn@p(page)
+ kmap_local_pfn(page)
)
  ...+>;
  ... when != addr = E2
      when != uf(...)
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != __copy_from_user_inatomic_nocache(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != __copy_from_user(...)
      when != __copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != __get_user(...)
      when != __put_user(...)
      when != copy_page_from_iter(...)
      when != copy_page_to_iter(...)
      when != copy_from_iter(...)
      when != copy_to_iter(...)
      when != clear_user(...)
      when != pagefault_disabled()
      when != in_atomic()
      when != smp_processor_id()
      when != raw_smp_processor_id()
      when != this_cpu_ptr(...)
      when != this_cpu_read(...)
      when != this_cpu_write(...)
      when != this_cpu_inc(...)
      when != this_cpu_dec(...)
      when != this_cpu_add(...)
      when != __this_cpu_read(...)
      when != __this_cpu_write(...)
      when != __this_cpu_inc(...)
      when != __this_cpu_add(...)
      when != raw_cpu_ptr(...)
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << plain_decl.p;
@@
site(p, "local", "the region between map and unmap makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied")

// ---- kmap() whose address stays in this thread ----

@kmap_local@
type T;
local idexpression addr;
idexpression page;
expression E2, E3, E4;
identifier fld;
position p;
@@
(
- addr = kmap@p(page);
+ addr = kmap_local_page(page);
|
- addr = (T)kmap@p(page);
+ addr = (T)kmap_local_page(page);
)
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != page = E2
      when != page_address(page)
      when != E3->fld = addr
      when != E3.fld = addr
      when != E3[E4] = addr
      when != return addr;
      when != kunmap(page)
      when != queue_work(...)
      when != queue_delayed_work(...)
      when != schedule_work(...)
      when != schedule_delayed_work(...)
      when != mod_timer(...)
      when != tasklet_schedule(...)
      when != call_rcu(...)
      when != kthread_run(...)
      when != kthread_create(...)
      when != submit_bio(...)
      when != irq_work_queue(...)
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_local.p;
@@
site(p, "local", "the address stays in a local variable of this function, is not stored, returned or handed to deferred work, no page_address() of the page is used while mapped, and kunmap() becomes kunmap_local() of the mapped address")

@kmap_local_decl@
type T;
identifier addr;
idexpression page;
expression E2, E3, E4;
identifier fld;
position p;
@@
  T addr =
- kmap@p(page)
+ kmap_local_page(page)
  ;
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != page = E2
      when != page_address(page)
      when != E3->fld = addr
      when != E3.fld = addr
      when != E3[E4] = addr
      when != return addr;
      when != kunmap(page)
      when != queue_work(...)
      when != queue_delayed_work(...)
      when != schedule_work(...)
      when != schedule_delayed_work(...)
      when != mod_timer(...)
      when != tasklet_schedule(...)
      when != call_rcu(...)
      when != kthread_run(...)
      when != kthread_create(...)
      when != submit_bio(...)
      when != irq_work_queue(...)
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_local_decl.p;
@@
site(p, "local", "the address stays in a local variable of this function, is not stored, returned or handed to deferred work, no page_address() of the page is used while mapped, and kunmap() becomes kunmap_local() of the mapped address")

// ---- Why a remaining site is left alone ----

@f_atomic exists@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
position p;
expression page, addr;
@@
(
addr = kmap_atomic@p(page)
|
addr = kmap_atomic_prot@p(page, ...)
|
addr = kmap_atomic_pfn@p(page)
)
... when != kunmap_atomic(...)
(
(
uf(...)
|
__copy_from_user_inatomic(...)
|
__copy_to_user_inatomic(...)
|
__copy_from_user_inatomic_nocache(...)
|
copy_from_user(...)
|
copy_to_user(...)
|
__copy_from_user(...)
|
__copy_to_user(...)
|
get_user(...)
|
put_user(...)
|
__get_user(...)
|
__put_user(...)
|
copy_page_from_iter(...)
|
copy_page_to_iter(...)
|
copy_from_iter(...)
|
copy_to_iter(...)
|
clear_user(...)
|
pagefault_disabled()
|
in_atomic()
)
|
(
smp_processor_id()
|
raw_smp_processor_id()
|
this_cpu_ptr(...)
|
this_cpu_read(...)
|
this_cpu_write(...)
|
this_cpu_inc(...)
|
this_cpu_dec(...)
|
this_cpu_add(...)
|
__this_cpu_read(...)
|
__this_cpu_write(...)
|
__this_cpu_inc(...)
|
__this_cpu_add(...)
|
raw_cpu_ptr(...)
)
)

@script:python@
p << f_atomic.p;
@@
site(p, "flag:depends-on-atomic", "the region relies on the pagefault or preemption disabling of kmap_atomic() and is not a simple block where an explicit disable can be placed")

@f_return@
position p;
expression page, addr;
@@
(
return <+... kmap@p(page) ...+>;
|
addr = kmap@p(page);
... when != addr = page
return addr;
)

@script:python@
p << f_return.p;
@@
site(p, "flag:escapes:return", "the mapped address is returned to the caller, so the mapping outlives this function")

@f_field@
position p;
expression page, E;
identifier fld;
@@
(
E->fld = <+... kmap@p(page) ...+>
|
E.fld = <+... kmap@p(page) ...+>
)

@script:python@
p << f_field.p;
@@
site(p, "flag:escapes:struct-field", "the mapped address is stored in a structure field, where another task or a later call can reach it")

@f_field2 exists@
position p;
expression page, E, addr;
identifier fld;
@@
addr = kmap@p(page)
... when != kunmap(page)
(
E->fld = addr
|
E.fld = addr
)

@script:python@
p << f_field2.p;
@@
site(p, "flag:escapes:struct-field", "the mapped address is stored in a structure field, where another task or a later call can reach it")

@f_array@
position p;
expression page, A, I;
@@
A[I] = <+... kmap@p(page) ...+>

@script:python@
p << f_array.p;
@@
site(p, "flag:escapes:array", "the mapped address is stored in an array, where it outlives the statement that mapped it")

@f_array2 exists@
position p;
expression page, A, I, addr;
@@
addr = kmap@p(page)
... when != kunmap(page)
A[I] = addr

@script:python@
p << f_array2.p;
@@
site(p, "flag:escapes:array", "the mapped address is stored in an array, where it outlives the statement that mapped it")

@f_global@
global idexpression G;
position p;
expression page;
@@
G = <+... kmap@p(page) ...+>

@script:python@
p << f_global.p;
@@
site(p, "flag:escapes:global", "the mapped address is stored in a global variable")

@f_deferred exists@
position p;
expression page, addr;
@@
addr = kmap@p(page)
... when != kunmap(page)
(
queue_work(...)
|
queue_delayed_work(...)
|
schedule_work(...)
|
schedule_delayed_work(...)
|
mod_timer(...)
|
tasklet_schedule(...)
|
call_rcu(...)
|
kthread_run(...)
|
kthread_create(...)
|
submit_bio(...)
|
irq_work_queue(...)
)

@script:python@
p << f_deferred.p;
@@
site(p, "flag:escapes:deferred-work", "work is queued or another context is started while the page is mapped; the address may be used there")

@f_page_address exists@
position p;
expression page, addr;
@@
addr = kmap@p(page);
... when != kunmap(page)
page_address(page)

@script:python@
p << f_page_address.p;
@@
site(p, "flag:page-address-after-kmap", "page_address() of the page is used while it is mapped; only kmap() registers that address, kmap_local_page() does not")

@f_page_address2 exists@
position p;
expression page;
@@
kmap@p(page);
... when != kunmap(page)
page_address(page)

@script:python@
p << f_page_address2.p;
@@
site(p, "flag:page-address-after-kmap", "kmap()'s address is dropped and page_address() of the page is used instead; only kmap() registers that address, kmap_local_page() does not")

@f_ignored@
position p;
expression page;
@@
kmap@p(page);

@script:python@
p << f_ignored.p;
@@
site(p, "flag:result-ignored", "kmap()'s address is not kept; the code must be reworked to carry the address from kmap_local_page()")

@f_cross@
position p;
expression page, addr;
@@
addr = <+... \(kmap@p\|kmap_atomic@p\)(page) ...+>;
... when != kunmap(...)
    when != kunmap_atomic(...)
    when != kunmap_local(...)

@script:python@
p << f_cross.p;
@@
site(p, "flag:cross-function", "no path of this function unmaps the page after mapping it; the unmap is in another function")

@f_unmap_addr exists@
position p;
idexpression addr, page;
expression E;
@@
addr = kmap@p(page)
... when != kunmap(page)
(
addr += E
|
addr -= E
|
addr++
|
addr = E
)
... when != kunmap(page)
kunmap(page)

@script:python@
p << f_unmap_addr.p;
@@
site(p, "flag:unmap-address", "the mapped pointer is changed before kunmap(), so the address kunmap_local() needs is not kept")
