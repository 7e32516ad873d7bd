// kmap-local rules, part 5 of 6: kmap() whose address stays in the thread.

// ---- kmap() whose address stays in this thread ----
//
// Each region rule is a forall check that changes nothing (_chk) and an
// exists rule that rewrites what the check passed, as plain in
// 40-atomic.cocci does: a forall walk that also rewrites costs up to ten
// times more (swapon() in mm/swapfile.c, xdr_xcode_array2() in
// net/sunrpc/xdr.c), and from a map whose every path checks out, the
// paths an exists rule follows are all of them.

@kmap_local_chk depends on ever has_kmap@
type T;
local idexpression addr;
idexpression page;
expression E2, E3, E4, E5;
identifier fld;
position p;
global idexpression G;
@@
(
  addr = kmap@p(page);
|
  addr = (T)kmap@p(page);
)
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != page = E2
      when != page += E2
      when != page -= E2
      when != page++
      when != page--
      when != page_address(page)
      when != E3->fld = addr
      when != G.fld = addr
      when != E3[E4] = addr
      when != E3->fld = addr + E4
      when != G.fld = addr + E4
      when != E3[E4] = addr + E5
      when != E3->fld = &addr[E4]
      when != G.fld = &addr[E4]
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
  kunmap(page);

@script:python@
p << kmap_local_chk.p;
@@
kmap_ok.add(pkey(p))

@kmap_local depends on ever kmap_local_chk exists@
type T;
local idexpression addr;
idexpression page;
position p : script:python () { pkey(p) in kmap_ok };
@@
(
- addr = kmap@p(page);
+ addr = kmap_local_page(page);
|
- addr = (T)kmap@p(page);
+ addr = (T)kmap_local_page(page);
)
  ...
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_local.p;
@@
site(p, "local", "the address stays in a local variable of this function, is not stored, returned or handed to deferred work, no page_address() of the page is used while mapped, and kunmap() becomes kunmap_local() of the mapped address")

@kmap_local_decl_chk depends on ever has_kmap@
type T;
identifier addr;
idexpression page;
expression E2, E3, E4, E5;
identifier fld;
position p;
global idexpression G;
@@
  T addr = kmap@p(page);
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != page = E2
      when != page += E2
      when != page -= E2
      when != page++
      when != page--
      when != page_address(page)
      when != E3->fld = addr
      when != G.fld = addr
      when != E3[E4] = addr
      when != E3->fld = addr + E4
      when != G.fld = addr + E4
      when != E3[E4] = addr + E5
      when != E3->fld = &addr[E4]
      when != G.fld = &addr[E4]
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
  kunmap(page);

@script:python@
p << kmap_local_decl_chk.p;
@@
kmap_ok.add(pkey(p))

@kmap_local_decl depends on ever kmap_local_decl_chk exists@
type T;
identifier addr;
idexpression page;
position p : script:python () { pkey(p) in kmap_ok };
@@
  T addr =
- kmap@p(page)
+ kmap_local_page(page)
  ;
  ...
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_local_decl.p;
@@
site(p, "local", "the address stays in a local variable of this function, is not stored, returned or handed to deferred work, no page_address() of the page is used while mapped, and kunmap() becomes kunmap_local() of the mapped address")

// ---- kmap() of a page named by an expression (a field, an element, an
// accessor call): kunmap() names it by the same expression, and nothing in
// that expression is assigned while mapped.  The address may carry an
// offset that stays inside the page.

@kmap_expr_c depends on ever has_kmap@
type T;
local idexpression addr;
expression page, off;
position p;
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
p << kmap_expr_c.p;
page << kmap_expr_c.page;
off << kmap_expr_c.off = "";
t << kmap_expr_c.T = "";
@@
if (tried_by_kmap_local(page, off) or not offset_in_page_bound(off or "0")
    or integer_cast(t)):
    cocci.include_match(False)

@kmap_expr_chk@
expression sub <= kmap_expr_c.page;
local idexpression addr;
expression kmap_expr_c.page;
expression E2, E3, E4, E5;
identifier fld;
position kmap_expr_c.p;
global idexpression G;
@@
  addr = <+...
  kmap@p(page)
  ...+>;
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != sub = E2
      when != sub += E2
      when != sub -= E2
      when != sub++
      when != sub--
      when != page_address(page)
      when != E3->fld = addr
      when != G.fld = addr
      when != E3[E4] = addr
      when != E3->fld = addr + E4
      when != G.fld = addr + E4
      when != E3[E4] = addr + E5
      when != E3->fld = &addr[E4]
      when != G.fld = &addr[E4]
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
  kunmap(page);

@kmap_expr exists@
local idexpression kmap_expr_chk.addr;
expression kmap_expr_c.page;
position kmap_expr_c.p, q;
@@
  addr = <+...
- kmap@p@q(page)
+ kmap_local_page(page)
  ...+>;
  ...
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_expr_c.p;
page << kmap_expr_c.page;
off << kmap_expr_c.off = "0";
q << kmap_expr.q;
@@
site(p, "local", kmap_expr_evidence(page, off))

@kmap_expr_decl_c depends on ever has_kmap@
type T, T2;
identifier addr;
expression page, off;
position p;
@@
(
T addr = kmap@p(page);
|
T addr = (T2)kmap@p(page);
|
T addr = kmap@p(page) + off;
|
T addr = (T2)kmap@p(page) + off;
)

@script:python@
p << kmap_expr_decl_c.p;
page << kmap_expr_decl_c.page;
off << kmap_expr_decl_c.off = "";
t << kmap_expr_decl_c.T2 = "";
@@
if (tried_by_kmap_local(page, off, t) or not offset_in_page_bound(off or "0")
    or integer_cast(t)):
    cocci.include_match(False)

@kmap_expr_decl_chk@
expression sub <= kmap_expr_decl_c.page;
type T;
identifier addr;
expression kmap_expr_decl_c.page;
expression E2, E3, E4, E5;
identifier fld;
position kmap_expr_decl_c.p;
global idexpression G;
@@
  T addr = <+...
  kmap@p(page)
  ...+>;
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != sub = E2
      when != sub += E2
      when != sub -= E2
      when != sub++
      when != sub--
      when != page_address(page)
      when != E3->fld = addr
      when != G.fld = addr
      when != E3[E4] = addr
      when != E3->fld = addr + E4
      when != G.fld = addr + E4
      when != E3[E4] = addr + E5
      when != E3->fld = &addr[E4]
      when != G.fld = &addr[E4]
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
  kunmap(page);

@kmap_expr_decl exists@
type kmap_expr_decl_chk.T;
identifier kmap_expr_decl_chk.addr;
expression kmap_expr_decl_c.page;
position kmap_expr_decl_c.p, q;
@@
  T addr = <+...
- kmap@p@q(page)
+ kmap_local_page(page)
  ...+>;
  ...
- kunmap(page);
+ kunmap_local(addr);

@script:python@
p << kmap_expr_decl_c.p;
page << kmap_expr_decl_c.page;
off << kmap_expr_decl_c.off = "0";
q << kmap_expr_decl.q;
@@
site(p, "local", kmap_expr_evidence(page, off))

// ---- kmap() whose address is dropped, with page_address() taking it:
// kmap_local_page() maps where page_address() was read, and its address
// is the one unmapped.  Nothing may map or unmap in between (the maps
// would leave LIFO order) and the page may have no other page_address().

@kmap_page_address depends on ever has_kmap@
type T;
local idexpression addr;
idexpression page;
expression E1, E2, E3, E4, E5;
identifier fld;
position p;
global idexpression G;
@@
- kmap@p(page);
  ... when strict
      when != page_address(page)
      when != kunmap(page)
      when != page = E1
      when != kmap(...)
      when != kmap_atomic(...)
      when != kmap_local_page(...)
      when != kunmap(...)
      when != kunmap_atomic(...)
      when != kunmap_local(...)
(
- addr = page_address(page);
+ addr = kmap_local_page(page);
|
- addr = (T)page_address(page);
+ addr = (T)kmap_local_page(page);
)
  ... when != addr = E2
      when != addr += E2
      when != addr -= E2
      when != addr++
      when != addr--
      when != page = E2
      when != page += E2
      when != page -= E2
      when != page++
      when != page--
      when != page_address(page)
      when != E3->fld = addr
      when != G.fld = addr
      when != E3[E4] = addr
      when != E3->fld = addr + E4
      when != G.fld = addr + E4
      when != E3[E4] = addr + E5
      when != E3->fld = &addr[E4]
      when != G.fld = &addr[E4]
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
p << kmap_page_address.p;
a << kmap_page_address.addr;
@@
site(p, "local", "kmap()'s address was dropped and page_address() read it back into %s; "
     "kmap_local_page() maps there instead, nothing maps or unmaps in between, the "
     "address stays in that local variable (not stored, returned or handed to deferred "
     "work), and kunmap() becomes kunmap_local(%s)" % (a, a))
