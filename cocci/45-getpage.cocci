// kmap-local rules, part 4b: get-page helper pairs.
//
// A static function of the file that reads a page, kmap()s it and returns
// the page (the get helper), one that only kunmap()s and put_page()s its
// page (the put helper), and callers that read the address back with
// page_address() and release the page through the put helper.  The
// conversion is the redesign upstream did by hand: the get helper returns
// kmap_local_page()'s address and hands the page out through a new last
// parameter (also when it is an error pointer, so the callers' IS_ERR()
// tests of the page stay as they are), each caller keeps the address in
// the variable its page_address() read-back filled, and the put helper
// takes that address too, for kunmap_local() before put_page().
//
// Only when every use of both helpers is such a call, every caller reads
// the page back once, and every put names a page its own function got;
// otherwise the get helper's kmap() keeps its flag, with evidence naming
// the pair and the caller that stops it.  kmap-local's LIFO walk then
// checks each converted caller (a failed get holds nothing; the address
// is released before every return) and, if one fails, puts the helpers
// and every caller back.

@initialize:python@
@@
# Per file (cleared by gp_start_file()): the get helpers' kmap() by
# name, the put helpers' names, every use of either name, the get calls
# (function, page variable) and their read-backs (address variable), the
# number of page_address() reads per (function, page), the put calls.
gp_gets = {}
gp_puts = set()
gp_uses = {}
gp_calls = {}
gp_reads = {}
gp_backs = {}
gp_putcalls = {}
gp_verdict = {}
gp_use_fn = {}
gp_assigns = {}
gp_escapes = {}
gp_statics = set()
gp_said = set()

def gp_start_file():
    for d in (gp_gets, gp_uses, gp_use_fn, gp_calls, gp_reads, gp_backs, gp_putcalls,
              gp_verdict, gp_escapes, gp_assigns):
        d.clear()
    gp_puts.clear()
    gp_statics.clear()

def gp_fn(p):
    return p[0].current_element

def gp_note_use(p, name):
    gp_uses.setdefault(wrap_key(p, name), set()).add(pkey(p))
    gp_use_fn[pkey(p)] = gp_fn(p)

def gp_other_use(k, calls):
    """The function of the first use of k that is not a counted call."""
    return gp_use_fn[min(gp_uses.get(k, set()) - set(calls))]

def gp_callers(k):
    return gp_calls.get(k, {})

def gp_check(k):
    """None when the get helper k = (file, G) and its put helper convert
    together, else why not; the put helper's name either way (or None)."""
    calls = gp_callers(k)
    f, g = k
    if f.endswith(".h"):
        return ("%s() is defined in a header: its callers are in the files that include "
                "it, which are not checked with it" % g), None
    if k not in gp_statics:
        return ("%s() is not static: its callers in other files (or other "
                "directories) cannot be checked with it" % g), None
    if not calls:
        return "%s() is never called in this file" % g, None
    if gp_uses.get(k, set()) != set(calls):
        return ("%s() uses %s() other than in a statement \"page = %s(...);\" (in a "
                "declaration's initializer, say)" % (gp_other_use(k, calls), g, g)), None
    fns = {}
    for c, (fn, pg) in sorted(calls.items()):
        if (f, fn, pg) in gp_escapes:
            return ("%s() hands the mapped page (%s) on to its caller (through an "
                    "out-parameter, a field or its return value)" % (fn, pg)), None
        back = gp_backs.get(c)
        if not back:
            return ("%s() does not read the page back with page_address() after "
                    "%s()" % (fn, g)), None
        fns.setdefault((fn, pg), set()).add(back[0])
    for (fn, pg), addrs in fns.items():
        if len(addrs) != 1:
            return "%s() keeps the address of %s in two variables" % (fn, pg), None
        a = next(iter(addrs))
        backs = sum(1 for c, (cfn, cpg) in calls.items() if (cfn, cpg) == (fn, pg))
        if len(gp_assigns.get((f, fn, a), ())) != backs:
            return ("%s() assigns %s other than by its read-back, so the address the put "
                    "needs is not kept" % (fn, a)), None
        n = sum(1 for c, (cfn, cpg) in calls.items() if (cfn, cpg) == (fn, pg))
        if gp_reads.get((f, fn, pg), 0) != n:
            return ("%s() uses page_address(%s) beyond its read-back; the address "
                    "must be carried instead" % (fn, pg)), None
    puts = set(name for (pf, name) in gp_putcalls if pf == f and name in gp_puts and
               any((fn, arg) in fns for fn, arg in gp_putcalls[(pf, name)].values()))
    if len(puts) != 1:
        return ("%s()'s pages are not released through one put helper of this file "
                "(a static function that only kunmap()s and put_page()s)" % g), None
    put = puts.pop()
    pk = (f, put)
    if gp_uses.get(pk, set()) != set(gp_putcalls[pk]):
        return ("%s() uses %s() other than in a call \"%s(page);\"" % (
            gp_other_use(pk, gp_putcalls[pk]), put, put)), put
    for q, (fn, arg) in sorted(gp_putcalls[pk].items()):
        if (fn, arg) not in fns:
            return ("%s() calls %s(%s) on a page it did not get from %s() itself: the "
                    "mapping is handed over from another function" % (fn, put, arg, g)), put
    return None, put

def gp_result(k):
    if k not in gp_verdict:
        gp_verdict[k] = gp_check(k)
    return gp_verdict[k]

def gp_ok(k):
    return gp_result(k)[0] is None

def gp_report(p, g):
    k = wrap_key(p, g)
    why, put = gp_result(k)
    if put is None and len(gp_puts) == 1:
        put = next(iter(gp_puts))
    gp_said.add(pkey(p))
    if why is None:
        n = len(gp_callers(k))
        site(p, "local", "%s() kmap()s the page it returns and %s() kunmap()s and puts "
             "it; %s here reads the address back once with page_address() and puts the "
             "page through %s(): the helper now returns kmap_local_page()'s address (the "
             "page goes out through a new last parameter), the callers keep it, and %s() "
             "unmaps it with kunmap_local(); the LIFO walk checked each caller" % (
                 g, put, "its one caller" if n == 1 else "each of its %d calls" % n, put,
                 put))
    else:
        site(p, "flag:result-ignored", "%s() is a get-page helper (it kmap()s the page "
             "it returns%s), not converted: %s" % (
                 g, ", %s() releases it" % put if put else "", why))

def gp_kmap_ok(p):
    k = gp_kmap_owner.get(pkey(p))
    return k is not None and gp_ok(k)

def gp_put_name_ok(u):
    return any(gp_ok(k) and gp_result(k)[1] == str(u) for k in list(gp_gets))

def gp_call_ok(c):
    return c in gp_owner and gp_ok(gp_owner[c])

def gp_put_ok(q):
    return q in gp_put_owner and gp_ok(gp_put_owner[q][0])

gp_owner = {}
gp_put_owner = {}
gp_kmap_owner = {}
gp_back_ok = set()

@script:python@
@@
gp_start_file()
gp_owner.clear()
gp_put_owner.clear()
gp_kmap_owner.clear()
gp_back_ok.clear()

// The get helper: the page it reads is kmap()ed (when not an error) and
// returned, as its last statements.  A helper that is not static is
// found too, to say why it stays.
@gp_get@
identifier G, page;
parameter list ps;
position pk;
@@
struct page *G(ps)
{
  ... when any
(
  if (!IS_ERR(page))
    kmap@pk(page);
|
  kmap@pk(page);
)
  return page;
}

@script:python@
pk << gp_get.pk;
g << gp_get.G;
@@
gp_gets[wrap_key(pk, g)] = pkey(pk)
gp_kmap_owner[pkey(pk)] = wrap_key(pk, g)

@gp_static depends on gp_get@
identifier gp_get.G;
parameter list gp_get.ps;
position s;
@@
(
static struct page *G@s(ps) {...}
|
static inline struct page *G@s(ps) {...}
)

@script:python@
s << gp_static.s;
g << gp_get.G;
@@
gp_statics.add(wrap_key(s, g))

@gp_put depends on gp_get@
identifier P, a;
position q;
@@
(
static void P@q(struct page *a)
{
  kunmap(a);
  put_page(a);
}
|
static inline void P@q(struct page *a)
{
  kunmap(a);
  put_page(a);
}
)

@script:python@
q << gp_put.q;
u << gp_put.P;
@@
gp_puts.add(str(u))

@gp_use depends on gp_get@
identifier gp_get.G;
position r;
@@
G@r

@script:python@
r << gp_use.r;
g << gp_get.G;
@@
gp_note_use(r, g)

@gp_put_use depends on gp_put@
identifier gp_put.P;
position r;
@@
P@r

@script:python@
r << gp_put_use.r;
u << gp_put.P;
@@
gp_note_use(r, u)

@gp_call depends on gp_get@
identifier gp_get.G;
identifier pg;
expression list es;
position c;
@@
pg = G@c(es);

@script:python@
c << gp_call.c;
g << gp_get.G;
pg << gp_call.pg;
@@
gp_calls.setdefault(wrap_key(c, g), {})[pkey(c)] = (gp_fn(c), str(pg))
gp_owner[pkey(c)] = wrap_key(c, g)

@gp_read depends on gp_call@
identifier gp_call.pg;
position r;
@@
page_address@r(pg)

@script:python@
r << gp_read.r;
pg << gp_call.pg;
@@
gp_reads[(pkey(r)[0], gp_fn(r), str(pg))] = gp_reads.get((pkey(r)[0], gp_fn(r), str(pg)), 0) + 1

// A caller that hands the page on (through an out-parameter, a field
// or its return value) lets the mapping outlive it.
@gp_escape depends on gp_call@
identifier gp_call.pg, fld;
expression E;
position e;
@@
(
  *E = pg@e;
|
  E->fld = pg@e;
|
  return pg@e;
)

@script:python@
e << gp_escape.e;
pg << gp_call.pg;
@@
gp_escapes.setdefault((pkey(e)[0], gp_fn(e), str(pg)), str(pg))

// The read-back: the first use of the address variable after the get is
// its assignment from page_address() of the page.
@gp_back exists@
identifier gp_get.G, gp_call.pg;
identifier a;
expression list gp_call.es;
position gp_call.c;
position rb;
type T;
expression E;
@@
pg = G@c(es);
... when != a
    when != pg = E
    when != page_address(pg)
(
a = (T)page_address@rb(pg);
|
a = page_address@rb(pg);
)

@script:python@
c << gp_call.c;
a << gp_back.a;
rb << gp_back.rb;
@@
if gp_fn(c) == gp_fn(rb):
    gp_backs[pkey(c)] = (str(a), pkey(rb))

// The address must stay as read back: put takes it for kunmap_local(),
// and a pointer moved to the end of the page names the next one.
@gp_assign depends on gp_back@
identifier gp_back.a;
expression E;
position w;
@@
(
  a@w = E
|
  a@w += E
|
  a@w -= E
|
  a@w++
|
  a@w--
|
  ++a@w
|
  --a@w
)

@script:python@
w << gp_assign.w;
a << gp_back.a;
@@
gp_assigns.setdefault((pkey(w)[0], gp_fn(w), str(a)), set()).add(pkey(w))

@gp_putcall depends on gp_put@
identifier gp_put.P;
identifier pg;
position q;
@@
P@q(pg)

@script:python@
q << gp_putcall.q;
u << gp_put.P;
pg << gp_putcall.pg;
@@
gp_putcalls.setdefault(wrap_key(q, u), {})[pkey(q)] = (gp_fn(q), str(pg))

@script:python@
pk << gp_get.pk;
g << gp_get.G;
@@
gp_report(pk, g)
k = wrap_key(pk, g)
if gp_ok(k):
    put = gp_result(k)[1]
    for q, (fn, pg) in gp_putcalls[(k[0], put)].items():
        addr = [gp_backs[c][0] for c, (cfn, cpg) in gp_callers(k).items() if (cfn, cpg) == (fn, pg)][0]
        gp_put_owner[q] = (k, addr)
    for c in gp_callers(k):
        gp_back_ok.add(gp_backs[c][1])

// ---- the rewrite: helpers, calls, read-backs, puts.  Positions do not
// survive a rewrite, so each rule matches afresh and asks by position.

@gp_conv_get depends on gp_get@
identifier gp_get.G, gp_get.page;
parameter list gp_get.ps;
position pk : script:python () { gp_kmap_ok(pk) };
@@
- struct page *
+ void *
  G(ps
+ , struct page **pagep
  )
  {
  ... when any
(
- if (!IS_ERR(page))
-   kmap@pk(page);
- return page;
+ *pagep = page;
+ if (IS_ERR(page))
+   return ERR_CAST(page);
+ return kmap_local_page(page);
|
- kmap@pk(page);
- return page;
+ *pagep = page;
+ return kmap_local_page(page);
)
  }

@gp_conv_put depends on gp_put@
identifier P : script:python () { gp_put_name_ok(P) };
identifier a;
@@
  void P(struct page *a
+ , void *addr
  )
  {
- kunmap(a);
+ kunmap_local(addr);
  put_page(a);
  }

@gp_conv_call depends on gp_call@
identifier G, pg;
expression list es;
position c : script:python () { gp_call_ok(pkey(c)) };
fresh identifier addr = script:python(c) { gp_backs[pkey(c)][0] };
@@
- pg = G@c(es);
+ addr = G(es, &pg);

@gp_conv_back depends on gp_back@
identifier a, pg;
position rb : script:python () { pkey(rb) in gp_back_ok };
type T;
@@
(
- a = (T)page_address@rb(pg);
|
- a = page_address@rb(pg);
)

@gp_conv_putcall depends on gp_putcall@
identifier P, pg;
position q : script:python () { gp_put_ok(pkey(q)) };
fresh identifier addr = script:python(q) { gp_put_owner[pkey(q)][1] };
@@
- P@q(pg)
+ P(pg, addr)
