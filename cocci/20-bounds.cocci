// kmap-local rules, part 2 of 6: what bounds a copy's length, for the
// helper rules (see 10-sites.cocci for how the parts fit together).

// ---- What bounds a length: the facts the helper rules check.
//
// Every bound 10-sites.cocci accepts names PAGE_SIZE itself, so the facts
// match the PAGE_SIZE token (a conjunction with the expression they
// record) rather than test each assignment's text in a script: spatch
// then tries them only where PAGE_SIZE occurs, and the reach rules only
// in a file where a fact was found.

@fact_page depends on (ever has_atomic || ever has_kmap)@
identifier n;
expression E;
position pa;
@@
n@pa = \(E \& <+... PAGE_SIZE ...+>\)

@script:python@
n << fact_page.n;
pa << fact_page.pa;
E << fact_page.E;
@@
page_names.add(str(n))
note_rhs(pa, E)

@fact_page_decl depends on (ever has_atomic || ever has_kmap)@
identifier n;
expression E;
position pa;
type T;
@@
T n@pa = \(E \& <+... PAGE_SIZE ...+>\);

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

@fact_reach depends on ever fact_page || ever fact_page_decl exists@
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

@fact_reach_decl depends on ever fact_page || ever fact_page_decl exists@
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

@fact_reach_param depends on ever fact_page || ever fact_page_decl exists@
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

@fact_check depends on (ever has_atomic || ever has_kmap)@
expression C;
position pc;
identifier l;
@@
(
if (\(C@pc \& <+... PAGE_SIZE ...+>\)) return ...;
|
if (\(C@pc \& <+... PAGE_SIZE ...+>\)) goto l;
|
if (\(C@pc \& <+... PAGE_SIZE ...+>\)) { ... return ...; }
|
if (\(C@pc \& <+... PAGE_SIZE ...+>\)) { ... goto l; }
|
BUG_ON(\(C@pc \& <+... PAGE_SIZE ...+>\));
|
VM_BUG_ON(\(C@pc \& <+... PAGE_SIZE ...+>\));
)

@script:python@
C << fact_check.C;
pc << fact_check.pc;
@@
checks.setdefault(fkey(pc), set()).add((str(C), pkey(pc)[1]))
