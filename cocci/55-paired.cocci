// kmap-local rules, after 50-kmap: structurally paired maps whose paths the
// rules' "..." cannot follow (an unmap on a label shared by gotos, a
// chained "a = b = kmap()" whose first name moves on, ...).
//
// A map whose address is kept in a local variable converts with every
// unmap some path from it reaches (kunmap() of the same page expression,
// kunmap_atomic() naming the variable), when the region checks of the
// plain rules hold on every such path; whether every path from the map
// reaches exactly one of those unmaps, in LIFO order, is left to the
// path check on the control-flow graph (src/lifo_flow.c), which runs on
// the converted text and puts the function back (flag:unmap-order, with
// the line and place) when it does not hold.  An unmap that some other
// map of the file also reaches converts only if that map converts too,
// with the same variable.  Functions where an earlier rule converted a
// site are left alone: a refusal of the graph would take those back too.

@initialize:python@
@@
# Per map (pkey): its address variable and offset; the unmaps each map
# of the file reaches; why a map may not convert.  "kmap" and "atomic"
# maps are kept apart (their unmaps differ).
pk_state = {"kmap": {}, "atomic": {}}
pk_outer_names = {}
pk_ok = set()
pk_unmap_addr = {}
pk_unmap_atomic = set()
pk_pfd_fns = set()
pk_page = {}
pk_int_addr = set()
pk_unmap_cast = set()

def pk_kind(kind):
    st = pk_state[kind]
    for k in ("maps", "reach", "unmaps", "refused"):
        st.setdefault(k, {})
    return st

pk_steps = {}
pk_alias = {}
pk_bad_unmaps = set()
pk_defs = {}
pk_locals = set()
pk_step_vars = set()

def pk_note_move(p, b, a, e):
    """addr = E: a step when E is "addr + off", else a move."""
    e = norm(e)
    if e.startswith(str(a) + "+"):
        pk_note_step(p, b, e[len(str(a)) + 1:])
    else:
        pk_refuse(p, b, "moved")

def pk_note_step(p, b, e):
    pk_steps.setdefault(pkey(p), []).append((pkey(b)[1], norm(e), fkey(b)))
    pk_step_vars.add(norm(e))

def pk_note_def(d, v, r):
    pk_defs.setdefault(fkey(d) + (str(v),), []).append(norm(r) if r != "?" else "?")

def pk_in_page(fk, e):
    """Is e below PAGE_SIZE by its form, or a local variable every
    assignment of which in the function is?"""
    if offset_in_page_bound(e):
        return True
    defs = pk_defs.get(fk + (e,))
    return (fk + (e,) in pk_locals and bool(defs) and
            all(r != "?" and offset_in_page_bound(r) for r in defs))

def pk_step_why(k, off):
    """None when the address steps at most once, from the page's start, by
    an offset below PAGE_SIZE; else why not."""
    for line, e, fk in pk_steps.get(k, ()):
        if off != "0" or not pk_in_page(fk, e):
            return ("moved", line)
    return None

def pk_unmaps_of(p, u, kind="kmap"):
    """Is u one of the unmaps the map at p reaches?"""
    return pkey(u) in pk_kind(kind)["unmaps"].get(pkey(p), ())

def pk_note_map(p, a, off, kind="kmap"):
    pk_kind(kind)["maps"][pkey(p)] = (p, str(a), norm(off))

def pk_note_reach(r, q, kind="kmap"):
    st = pk_kind(kind)
    st["reach"].setdefault(pkey(q), set()).add(pkey(r))
    st["unmaps"].setdefault(pkey(r), set()).add(pkey(q))

def pk_refuse(p, b, why, kind="kmap"):
    pk_kind(kind)["refused"].setdefault(pkey(p), (why, pkey(b)[1]))

PK_KMAP_EV = ("the address stays in '%s', a local variable: on no path from the map "
              "before its unmap is it moved off the page, stored, returned or handed to "
              "deferred work, is the page expression assigned or page_address() of the page "
              "used; every kunmap() such a path reaches names the page (%s) and "
              "becomes kunmap_local(%s)%s; that every path from the map reaches exactly one "
              "of them, in reverse order of mapping, is proven on the function's "
              "control-flow graph")
PK_ATOMIC_EV = ("every kunmap_atomic() of '%s' a path from the map reaches becomes "
                "kunmap_local(); on no such path does the region make a user copy, test "
                "pagefault_disabled()/in_atomic(), use per-CPU data or assign '%s' again, and "
                "the function does not disable page faults itself; that every path from the "
                "map reaches exactly one of the unmaps, in reverse order of mapping, is proven "
                "on the function's control-flow graph, so the region does not rely on the "
                "disables kmap_atomic() implied")

def pk_why_not(kind, st, k):
    p, a, off = st["maps"][k]
    if fkey(p) in converted_fns:
        return ("other", 0)
    if not st["unmaps"].get(k):
        return ("none", 0)
    if k in st["refused"]:
        return st["refused"][k]
    if kind == "kmap" and pk_step_why(k, off):
        return pk_step_why(k, off)
    if kind == "kmap" and not offset_in_page_bound(off):
        return ("offset", 0)
    if kind == "atomic" and not plain_allowed(p):
        return ("cpu", 0)
    if kind == "atomic" and fkey(p) in pk_pfd_fns:
        return ("pfd", 0)
    return None

def pk_candidates(kind, st):
    """The maps that convert: each fit, and every map that reaches one of
    its unmaps converts too, into the same variable."""
    maps, reach, unmaps = st["maps"], st["reach"], st["unmaps"]
    cand = set(k for k in maps if pk_why_not(kind, st, k) is None)
    changed = True
    while changed:
        changed = False
        for k in sorted(cand):
            if any(r not in cand or maps[r][1] != maps[k][1] or q in pk_bad_unmaps
                   for q in unmaps[k] for r in reach.get(q, ())):
                cand.discard(k)
                changed = True
    return cand

def pk_report_refusal(kind, p, a, off, why):
    what, line = why
    if what == "moved":
        site(p, "flag:unmap-address", "the mapped pointer '%s' is changed (line %d) before "
             "a path from the map reaches kunmap(), so the address kunmap_local() needs "
             "is not kept" % (a, line))
    elif what == "offset":
        site(p, "flag:unmap-address", "the address in '%s' carries an offset (%s) that is "
             "not bounded by the page by its form, so kunmap_local() of it could name the "
             "next page" % (a, off))
    elif what == "pfd":
        site(p, "flag:depends-on-atomic", "the function itself calls pagefault_disable() "
             "(as the code for another configuration may), so the region is written to run "
             "with page faults disabled, which kmap_atomic() implied and kmap_local_page() "
             "does not")

def pk_kmap_notes(k, a, off):
    notes = ""
    if off != "0":
        notes += ", which stays inside the page (the offset %s is below PAGE_SIZE)" % off
    for line, e, fk in pk_steps.get(k, ()):
        notes += (", which stays inside the page: '%s' moves once from the page's start, by "
                  "%s (line %d), below PAGE_SIZE" % (a, e, line))
        break
    for q in sorted(pk_kind("kmap")["unmaps"].get(k, ())):
        if q in pk_alias:
            notes += ("; kunmap(%s) names the page by the expression '%s' was set from, and "
                      "neither changes in between" % (pk_alias[q][1], pk_alias[q][0]))
            break
    return notes

def pk_settle(kind):
    st = pk_kind(kind)
    cand = pk_candidates(kind, st)
    for k in sorted(st["maps"]):
        p, a, off = st["maps"][k]
        if k not in cand:
            why = pk_why_not(kind, st, k)
            if why:
                pk_report_refusal(kind, p, a, off, why)
            continue
        pk_ok.add(k)
        if kind == "atomic":
            pk_unmap_atomic.update(st["unmaps"][k])
            site(p, "local", PK_ATOMIC_EV % (a, a))
            continue
        for q in st["unmaps"][k]:
            pk_unmap_addr[q] = a
            if k in pk_int_addr:
                pk_unmap_cast.add(q)
        page = pk_page.get(k, "the page")
        site(p, "local", PK_KMAP_EV % (a, page, "(void *)" + a if k in pk_int_addr else a,
             pk_kmap_notes(k, a, off)))
    pk_state[kind] = {}


// ---- kmap() ----

@pk_map depends on ever has_kmap@
local idexpression addr;
expression page, off;
type T;
position p : script:python () { fkey(p) not in converted_fns };
@@
(
addr = kmap@p(page)
|
addr = (T)kmap@p(page)
|
addr = kmap@p(page) + off
|
addr = (T)kmap@p(page) + off
)

@script:python@
p << pk_map.p;
a << pk_map.addr;
page << pk_map.page;
off << pk_map.off = "0";
t << pk_map.T = "";
@@
pk_note_map(p, a, off)
pk_page[pkey(p)] = norm(page)
if integer_cast(t):
    pk_int_addr.add(pkey(p))

// "o = addr = kmap(page)": o may move on, addr is the one unmapped; o
// must stay in the thread like addr.
@pk_outer depends on ever pk_map@
idexpression o;
local idexpression addr;
expression page;
position pk_map.p;
@@
o = addr = kmap@p(page)

@script:python@
p << pk_map.p;
o << pk_outer.o;
@@
pk_outer_names.setdefault(pkey(p), set()).add(str(o))

// Every unmap each kmap() of the file reaches on some path without
// passing another unmap of the same page expression.
@pk_reach depends on ever pk_map exists@
expression page;
position r, q;
@@
kmap@r(page)
... when != kunmap(page)
kunmap@q(page);

@script:python@
r << pk_reach.r;
q << pk_reach.q;
@@
pk_note_reach(r, q)

// "page = X; ... kmap(page) ... kunmap(X);": the unmap names the page by
// the expression page was set from; neither may change in between, and
// page_address(X) may not stand for the address.
@pk_reach_alias depends on ever pk_map exists@
idexpression pg;
expression X, E;
position a, r, q;
@@
pg@a = X;
... when != pg = E
kmap@r(pg)
... when != kunmap(pg)
    when != kunmap(X)
kunmap@q(X);

@script:python@
r << pk_reach_alias.r;
q << pk_reach_alias.q;
pg << pk_reach_alias.pg;
x << pk_reach_alias.X;
@@
pk_note_reach(r, q)
pk_alias[pkey(q)] = (str(pg), norm(x))

@pk_alias_bad depends on ever pk_reach_alias exists@
expression sub <= pk_reach_alias.X;
idexpression pk_reach_alias.pg;
expression pk_reach_alias.X;
position pk_reach_alias.a, pk_reach_alias.q;
expression E, E2;
position b;
@@
pg@a = X;
... when != kunmap@q(X)
    when != pg = E2
(
page_address@b(X)
|
sub@b = E
|
sub@b += E
|
sub@b -= E
|
sub@b++
|
sub@b--
)
... when != kunmap@q(X)
    when != pg = E2
kunmap@q(X);

@script:python@
q << pk_reach_alias.q;
b << pk_alias_bad.b;
@@
pk_bad_unmaps.add(pkey(q))

// The address moves before an unmap: kunmap_local() needs an address in
// the page.  One step from the page's start by an offset below PAGE_SIZE
// ("ptr = kmap(page); ptr += off;", off = pos & ~PAGE_MASK) keeps it there.
@pk_moved depends on ever pk_map exists@
expression pk_map.page;
local idexpression pk_map.addr;
position pk_map.p;
expression E;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
(
addr@b = E
|
addr@b -= E
|
addr@b++
|
addr@b--
)

@script:python@
p << pk_map.p;
a << pk_map.addr;
b << pk_moved.b;
e << pk_moved.E = "";
@@
pk_note_move(p, b, a, e)

@pk_step depends on ever pk_map exists@
expression pk_map.page;
local idexpression pk_map.addr;
position pk_map.p;
expression E;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
addr@b += E

@script:python@
p << pk_map.p;
b << pk_step.b;
e << pk_step.E;
@@
pk_note_step(p, b, e)

// Two steps on one path may leave the page.
@pk_step2 depends on ever pk_step exists@
expression pk_map.page;
local idexpression pk_map.addr;
position pk_map.p;
expression E1, E2;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
\(addr += E1\|addr = addr + E1\)
... when != kunmap@u(...)
\(addr@b += E2\|addr@b = addr + E2\)

@script:python@
p << pk_map.p;
b << pk_step2.b;
@@
pk_refuse(p, b, "moved")

// What the function assigns to a variable a step adds: all of it must be
// below PAGE_SIZE by its form.
@pk_offdef depends on ever pk_step || ever pk_moved@
identifier v : script:python () { str(v) in pk_step_vars };
expression R;
position d;
@@
v@d = R

@script:python@
d << pk_offdef.d;
v << pk_offdef.v;
r << pk_offdef.R;
@@
pk_note_def(d, v, r)

@pk_offdecl depends on ever pk_step || ever pk_moved@
identifier v : script:python () { str(v) in pk_step_vars };
expression R;
type T;
position d;
@@
T v@d = R;

@script:python@
d << pk_offdecl.d;
v << pk_offdecl.v;
r << pk_offdecl.R;
@@
pk_note_def(d, v, r)

// Only a local variable's assignments say all of its values: a parameter
// or a global comes in with any.
@pk_offlocal depends on ever pk_step || ever pk_moved@
identifier v : script:python () { str(v) in pk_step_vars };
type T;
position d;
@@
(
T v@d;
|
T v@d = ...;
)

@script:python@
d << pk_offlocal.d;
v << pk_offlocal.v;
@@
pk_locals.add(fkey(d) + (str(v),))

@pk_offother depends on ever pk_step || ever pk_moved@
identifier v : script:python () { str(v) in pk_step_vars };
expression R;
position d;
@@
(
v@d += R
|
v@d -= R
|
v@d *= R
|
v@d <<= R
|
v@d++
|
v@d--
)

@script:python@
d << pk_offother.d;
v << pk_offother.v;
@@
pk_note_def(d, v, "?")

@pk_offaddr depends on ever pk_step || ever pk_moved@
identifier fn;
identifier v : script:python () { str(v) in pk_step_vars };
position d;
@@
fn(..., &v@d, ...)

@script:python@
d << pk_offaddr.d;
v << pk_offaddr.v;
@@
pk_note_def(d, v, "?")

// What the address may not do on a path from the map that has not
// unmapped yet: be stored where another context finds it, be
// returned, or meet deferred work; the page expression may not change
// and page_address() may not stand for it.
@pk_bad depends on ever pk_map exists@
expression sub <= pk_map.page;
expression pk_map.page;
local idexpression pk_map.addr;
position pk_map.p;
expression E, E3, E4, E5;
identifier fld;
global idexpression G;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
(
sub@b = E
|
sub@b += E
|
sub@b -= E
|
sub@b++
|
sub@b--
|
page_address@b(page)
|
E3->fld = addr@b
|
G.fld = addr@b
|
G = addr@b
|
E3[E4] = addr@b
|
E3->fld = addr@b + E4
|
G.fld = addr@b + E4
|
E3[E4] = addr@b + E5
|
E3->fld = &addr@b[E4]
|
G.fld = &addr@b[E4]
|
queue_work@b(...)
|
queue_delayed_work@b(...)
|
schedule_work@b(...)
|
schedule_delayed_work@b(...)
|
mod_timer@b(...)
|
tasklet_schedule@b(...)
|
call_rcu@b(...)
|
kthread_run@b(...)
|
kthread_create@b(...)
|
submit_bio@b(...)
|
irq_work_queue@b(...)
)

@script:python@
p << pk_map.p;
b << pk_bad.b;
@@
pk_refuse(p, b, "escape")

@pk_ret depends on ever pk_map exists@
expression pk_map.page;
local idexpression pk_map.addr;
position pk_map.p;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
return@b <+... addr ...+>;

@script:python@
p << pk_map.p;
b << pk_ret.b;
@@
pk_refuse(p, b, "escape")

// The first name of "o = addr = kmap()" is checked the same way, but may move.
@pk_bad_outer depends on ever pk_outer exists@
expression pk_map.page;
idexpression pk_outer.o;
position pk_map.p;
expression E3, E4, E5;
identifier fld;
global idexpression G;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
(
E3->fld = o@b
|
G.fld = o@b
|
G = o@b
|
E3[E4] = o@b
|
E3->fld = o@b + E4
|
G.fld = o@b + E4
|
E3[E4] = o@b + E5
|
E3->fld = &o@b[E4]
|
G.fld = &o@b[E4]
)

@script:python@
p << pk_map.p;
b << pk_bad_outer.b;
@@
pk_refuse(p, b, "escape")

@pk_ret_outer depends on ever pk_outer exists@
expression pk_map.page;
idexpression pk_outer.o;
position pk_map.p;
position b;
position u : script:python (p) { pk_unmaps_of(p, u) };
@@
kmap@p(page)
... when != kunmap@u(...)
return@b <+... o ...+>;

@script:python@
p << pk_map.p;
b << pk_ret_outer.b;
@@
pk_refuse(p, b, "escape")

@script:python depends on ever pk_map@
@@
pk_settle("kmap")

@pk_conv depends on ever pk_map@
position p : script:python () { pkey(p) in pk_ok };
expression page;
@@
- kmap@p(page)
+ kmap_local_page(page)

@pk_unmaps depends on ever pk_map@
position q : script:python () { pkey(q) in pk_unmap_addr and pkey(q) not in pk_unmap_cast };
expression page;
@@
kunmap@q(page)

@script:python pk_name@
q << pk_unmaps.q;
a;
@@
coccinelle.a = cocci.make_ident(pk_unmap_addr[pkey(q)])

@pk_unconv@
position pk_unmaps.q;
identifier pk_name.a;
expression page;
@@
- kunmap@q(page)
+ kunmap_local(a)

// An address kept as an integer ("(unsigned long)kmap(page)") is unmapped
// through a cast back to a pointer.
@pk_unmaps_cast depends on ever pk_map@
position q : script:python () { pkey(q) in pk_unmap_cast };
expression page;
@@
kunmap@q(page)

@script:python pk_name_cast@
q << pk_unmaps_cast.q;
a;
@@
coccinelle.a = cocci.make_ident(pk_unmap_addr[pkey(q)])

@pk_unconv_cast@
position pk_unmaps_cast.q;
identifier pk_name_cast.a;
expression page;
@@
- kunmap@q(page)
+ kunmap_local((void *)a)

// ---- kmap_atomic() ----

// The forms spelled out: a nest (<+... ...+>) over every statement of
// every function costs as much as the plain rule itself.
@pa_map depends on ever has_atomic@
local idexpression addr;
identifier m =~ "^kmap_atomic(_prot|_pfn)?$";
expression off;
type T;
position p : script:python () { fkey(p) not in converted_fns };
@@
(
addr = m@p(...)
|
addr = (T)m@p(...)
|
addr = m@p(...) + off
|
addr = (T)m@p(...) + off
)

@script:python@
p << pa_map.p;
a << pa_map.addr;
@@
pk_note_map(p, a, "0", "atomic")

@pa_pfd depends on ever pa_map@
position b;
@@
pagefault_disable@b()

@script:python@
b << pa_pfd.b;
@@
pk_pfd_fns.add(fkey(b))

@pa_reach depends on ever pa_map exists@
idexpression addr;
position r, q;
@@
addr = <+...
\(kmap_atomic@r(...)\|kmap_atomic_prot@r(...)\|kmap_atomic_pfn@r(...)\)
  ...+>;
... when != kunmap_atomic(<+... addr ...+>)
kunmap_atomic@q(<+... addr ...+>);

@script:python@
r << pa_reach.r;
q << pa_reach.q;
@@
pk_note_reach(r, q, "atomic")

// What the region may not do on a path from the map that has not unmapped
// yet: the checks of the plain rules.
@pa_bad depends on ever pa_map exists@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
local idexpression pa_map.addr;
identifier pa_map.m;
position pa_map.p;
expression E;
position b;
@@
m@p(...)
... when != kunmap_atomic(<+... addr ...+>)
(
addr@b = E
|
uf@b(...)
|
__copy_from_user_inatomic@b(...)
|
__copy_to_user_inatomic@b(...)
|
__copy_from_user_inatomic_nocache@b(...)
|
copy_from_user@b(...)
|
copy_to_user@b(...)
|
__copy_from_user@b(...)
|
__copy_to_user@b(...)
|
get_user@b(...)
|
put_user@b(...)
|
__get_user@b(...)
|
__put_user@b(...)
|
copy_page_from_iter@b(...)
|
copy_page_to_iter@b(...)
|
copy_from_iter@b(...)
|
copy_to_iter@b(...)
|
clear_user@b(...)
|
pagefault_disabled@b()
|
in_atomic@b()
|
smp_processor_id@b()
|
raw_smp_processor_id@b()
|
this_cpu_ptr@b(...)
|
this_cpu_read@b(...)
|
this_cpu_write@b(...)
|
this_cpu_inc@b(...)
|
this_cpu_dec@b(...)
|
this_cpu_add@b(...)
|
__this_cpu_read@b(...)
|
__this_cpu_write@b(...)
|
__this_cpu_inc@b(...)
|
__this_cpu_add@b(...)
|
raw_cpu_ptr@b(...)
)

@script:python@
p << pa_map.p;
b << pa_bad.b;
@@
pk_refuse(p, b, "region", "atomic")

@script:python depends on ever pa_map@
@@
pk_settle("atomic")

@pa_conv depends on ever pa_map@
position p : script:python () { pkey(p) in pk_ok };
position q : script:python () { pkey(q) in pk_unmap_atomic };
expression page, prot, E;
@@
(
- kmap_atomic@p
+ kmap_local_page
  (page)
|
- kmap_atomic_prot@p
+ kmap_local_page_prot
  (page, prot)
|
- kmap_atomic_pfn@p
+ kmap_local_pfn
  (page)
|
- kunmap_atomic@q
+ kunmap_local
  (E)
)
