// kmap-local rules, part 4 of 6: kmap_atomic() regions, with or without
// an explicit disable.

// ---- What needs the CPU pinned.  kmap_atomic() pinned the task to its
// CPU; kmap_local_page() does not (with HIGHMEM=n it does not even stop
// migration), so a region that needs "still the same CPU" keeps an explicit
// preempt_disable(): a cache or TLB operation that acts on the executing
// CPU only, a function of this file that does one or tests the context,
// per-CPU data reached through a pointer taken earlier.  A region inside a
// section that pins the CPU (a lock, get_cpu(), local_lock(), ...) needs
// nothing.

@cpu_fn depends on ever has_atomic@
identifier fn;
identifier op =~ "^(local_flush_[a-z0-9_]+|__flush_[a-z0-9_]*(cache|region|page|range|line|area|tlb)[a-z0-9_]*|__purge_[a-z0-9_]+|purge_[a-z0-9_]*(cache|region|page|tlb)[a-z0-9_]*|__(inv|invalidate|clean|wback)_[a-z0-9_]+|[a-z0-9_]*_cpuc_[a-z0-9_]+|flush_kernel_dcache_page_addr|flush_dcache_line[a-z0-9_]*|invalidate_dcache_line[a-z0-9_]*)$";
position pd;
@@
fn@pd(...) { <+... op(...) ...+> }

@script:python@
fn << cpu_fn.fn;
op << cpu_fn.op;
pd << cpu_fn.pd;
@@
cpu_fns.setdefault((pkey(pd)[0], str(fn)), str(op))
callee_names.add(str(fn))

@ctx_fn depends on ever has_atomic@
identifier fn;
identifier t =~ "^(in_atomic|preemptible|irqs_disabled|in_interrupt|in_irq|in_softirq|in_task|in_nmi|pagefault_disabled)$";
position pd;
@@
fn@pd(...) { <+... t() ...+> }

@script:python@
fn << ctx_fn.fn;
t << ctx_fn.t;
pd << ctx_fn.pd;
@@
ctx_fns.setdefault((pkey(pd)[0], str(fn)), str(t))
callee_names.add(str(fn))

@pcp_ptr depends on ever has_atomic@
identifier v;
expression E;
position pv;
@@
(
v@pv = this_cpu_ptr(E)
|
v@pv = raw_cpu_ptr(E)
|
v@pv = per_cpu_ptr(E, ...)
)

@script:python@
v << pcp_ptr.v;
pv << pcp_ptr.pv;
@@
percpu_ptrs.add(fkey(pv) + (str(v),))
percpu_names.add(str(v))

@cpudep depends on ever has_atomic exists@
identifier f : script:python () { may_need_cpu(str(f)) };
expression page, addr;
position p, pc, pu;
@@
(
addr = kmap_atomic@p(page)
|
addr = kmap_atomic_prot@p(page, ...)
|
addr = kmap_atomic_pfn@p(page)
)
... when != kunmap_atomic(...)
f@pc(...)
... when != kunmap_atomic(...)
kunmap_atomic@pu(...)

@script:python@
p << cpudep.p;
f << cpudep.f;
pu << cpudep.pu;
@@
note_cpu_call(p, str(f), pkey(pu)[1])

@pcpdep depends on ever has_atomic exists@
identifier v : script:python () { str(v) in percpu_names };
identifier fld;
expression page, addr, E;
position p, pu;
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
  v->fld
|
  *v
|
  v[E]
)
... when != kunmap_atomic(...)
kunmap_atomic@pu(...)

@script:python@
p << pcpdep.p;
v << pcpdep.v;
pu << pcpdep.pu;
@@
if fkey(p) + (str(v),) in percpu_ptrs:
    cpu_cand.setdefault(pkey(p), []).append((p, pkey(pu)[1], "it reaches per-CPU data through %s, a pointer taken with this_cpu_ptr()/per_cpu_ptr() earlier in the function" % v, False))

@pin_take depends on cpudep || pcpdep@
identifier f =~ "^(get_cpu|get_cpu_ptr|get_cpu_var|preempt_disable|local_irq_save|local_irq_disable|local_lock|local_lock_irq|local_lock_irqsave|spin_lock|spin_lock_irq|spin_lock_irqsave|spin_lock_bh|raw_spin_lock|raw_spin_lock_irq|raw_spin_lock_irqsave|read_lock|read_lock_irqsave|write_lock|write_lock_irqsave)$";
position pp;
@@
f@pp(...)

@script:python@
pp << pin_take.pp;
f << pin_take.f;
@@
record_pin(pp, f, True)

@pin_release depends on cpudep || pcpdep@
identifier f =~ "^(put_cpu|put_cpu_ptr|put_cpu_var|preempt_enable|preempt_enable_no_resched|local_irq_restore|local_irq_enable|local_unlock|local_unlock_irq|local_unlock_irqrestore|spin_unlock|spin_unlock_irq|spin_unlock_irqrestore|spin_unlock_bh|raw_spin_unlock|raw_spin_unlock_irq|raw_spin_unlock_irqrestore|read_unlock|read_unlock_irqrestore|write_unlock|write_unlock_irqrestore)$";
position pp;
@@
f@pp(...)

@script:python@
pp << pin_release.pp;
f << pin_release.f;
@@
record_pin(pp, f, False)

@script:python depends on cpudep || pcpdep@
@@
settle_cpu_candidates()

// What a kmap_atomic() region depends on: context rules, each right
// before the rule that uses it (positions do not survive a change).

@pfdep depends on ever has_atomic exists@
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

@script:python@
p << pfdep.p;
@@
if pkey(p) in cpu_reason:
    cocci.include_match(False)

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

@ppdep depends on ever has_atomic exists@
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

@ppdep2 depends on ever ppdep exists@
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

@pplocked depends on ever ppdep2 exists@
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

@script:python@
p << pplocked.pl;
@@
if pkey(p) in cpu_reason:
    cocci.include_match(False)

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

// ---- The regions that need the CPU pinned (cpudep, pcpdep above) and
// those whose callee tests pagefault_disabled(): explicit disables.


@pp_cpu depends on ever cpudep || ever pcpdep@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, addr, E2;
position p : script:python () { pkey(p) in cpu_reason };
position q;
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
p << pp_cpu.q;
@@
site(p, "local+preempt_disable", "the region needs to stay on one CPU, as kmap_atomic() kept it and kmap_local_page() does not: %s; preempt_disable()/preempt_enable() inside the mapping keep it there" % cpu_reason[pkey(p)])

// The same when the map initialises the last declaration of its block:
// the disable goes right after it.  With a declaration after the map it
// would come before a declaration (-Wdeclaration-after-statement), so
// that form stays flagged.  As for conditional pairs, one rule checks
// the region and records the two positions, another rewrites them.

@pp_cpu_decl_next depends on ever cpudep || ever pcpdep@
type T, T2;
identifier addr, y;
expression page, E;
position p;
@@
(
T addr = kmap_atomic@p(page);
|
T addr = kmap_atomic_prot@p(page, ...);
|
T addr = kmap_atomic_pfn@p(page);
)
(
T2 y;
|
T2 y = E;
)

@script:python@
p << pp_cpu_decl_next.p;
@@
decl_before.add(pkey(p))

@pp_cpu_decl depends on ever cpudep || ever pcpdep forall@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
type T;
identifier addr;
expression page, prot, E2;
position p : script:python () { pkey(p) in cpu_reason and pkey(p) not in decl_before };
position q;
@@
(
T addr = kmap_atomic@p(page);
|
T addr = kmap_atomic_prot@p(page, prot);
|
T addr = kmap_atomic_pfn@p(page);
)
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
kunmap_atomic@q(<+... addr ...+>);

@pp_cpu_decl_conv@
type T;
identifier addr;
expression page, prot, E;
position pp_cpu_decl.p, pp_cpu_decl.q;
@@
(
T addr =
- kmap_atomic@p(page)
+ kmap_local_page(page)
;
+ preempt_disable();
|
T addr =
- kmap_atomic_prot@p(page, prot)
+ kmap_local_page_prot(page, prot)
;
+ preempt_disable();
|
T addr =
- kmap_atomic_pfn@p(page)
+ kmap_local_pfn(page)
;
+ preempt_disable();
|
+ preempt_enable();
- kunmap_atomic@q
+ kunmap_local
  (E);
)

@script:python@
p << pp_cpu_decl.p;
@@
site(p, "local+preempt_disable", "the region needs to stay on one CPU, as kmap_atomic() kept it and kmap_local_page() does not: %s; preempt_disable()/preempt_enable() inside the mapping keep it there" % cpu_reason[pkey(p)])


@pf_callee depends on ever cpudep@
expression page, prot, addr, E2;
position p : script:python () { pkey(p) in pf_reason and pkey(p) not in cpu_reason };
position q;
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
p << pf_callee.q;
@@
site(p, "local+pagefault_disable", "%s and would take another path once kmap_atomic()'s pagefault_disable() is gone; pagefault_disable()/pagefault_enable() inside the mapping keep it as it was" % pf_reason[pkey(p)])


// ---- Plain kmap_atomic() regions ----
//
// Three rules do what one forall rule did, at a fraction of the cost: a
// forall rule that also transforms drags every possible rewrite through
// its walk, and in a loop with several maps and unmaps of one pointer
// that blew up (8 s for one 6.1 file, target_core_sbc.c).  plain_pre
// names the mapped pointers, plain_chk checks every path from each map
// with the pointer fixed and changes nothing, and plain rewrites the maps
// plain_chk passed.  plain can then be exists: from a map whose every path
// checks out, the paths it follows are all the paths.  All maps of a
// pointer still convert in one match, as the unmaps they share need.

@plain_pre depends on ever has_atomic@
expression page, prot, addr;
position p : script:python () { plain_allowed(p) };
@@
  addr = <+...
(
  kmap_atomic@p(page)
|
  kmap_atomic_prot@p(page, prot)
|
  kmap_atomic_pfn@p(page)
)
  ...+>;

@plain_chk@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression plain_pre.addr;
expression page, prot, E2;
position p : script:python () { plain_allowed(p) };
@@
  addr = <+...
(
  kmap_atomic@p(page)
|
  kmap_atomic_prot@p(page, prot)
|
  kmap_atomic_pfn@p(page)
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
  kunmap_atomic(<+... addr ...+>);

@script:python@
p << plain_chk.p;
@@
plain_ok.add(pkey(p))

@plain exists@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression plain_pre.addr;
expression page, prot, E2;
position p : script:python () { pkey(p) in plain_ok };
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


@plain_decl depends on ever has_atomic@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
type T;
identifier addr;
expression page, prot, E2;
position p : script:python () { plain_allowed(p) };
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


// ---- Conditional pairs: the map and its unmap under the same condition
// (if (PageHighMem(page)) ... both times; the map may end the block of the
// if, the unmap may start one), or an unmap guarded by the
// mapped pointer itself on a shared exit (the pointer starts NULL).  The
// pairing is the code's own and kmap_local_page() pairs exactly like
// kmap_atomic(), so only the region needs checking, as for plain regions.
// The unmap may be reached by paths that never mapped, which spatch does
// not transform inside a path match: the match only records the two
// positions, a second rule rewrites them.

@cond_pair depends on ever has_atomic@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression C, page, prot, addr, E2;
statement S;
position p : script:python () { plain_allowed(p) };
position q;
@@
(
  if (C) addr = <+...
(
kmap_atomic@p(page)
|
kmap_atomic_prot@p(page, prot)
|
kmap_atomic_pfn@p(page)
)
  ...+>;
|
  if (C) addr = <+...
(
kmap_atomic@p(page)
|
kmap_atomic_prot@p(page, prot)
|
kmap_atomic_pfn@p(page)
)
  ...+>; else S
|
  if (C) { ... addr = <+...
(
kmap_atomic@p(page)
|
kmap_atomic_prot@p(page, prot)
|
kmap_atomic_pfn@p(page)
)
  ...+>; }
|
  if (C) { ... addr = <+...
(
kmap_atomic@p(page)
|
kmap_atomic_prot@p(page, prot)
|
kmap_atomic_pfn@p(page)
)
  ...+>; } else S
)
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
(
  if (C) kunmap_atomic@q(<+... addr ...+>);
|
  if (C) { kunmap_atomic@q(<+... addr ...+>); ... }
)

@script:python@
p << cond_pair.p;
c << cond_pair.C;
@@
site(p, "local", "the map and its unmap are both under 'if (%s)', and kmap_local_page() pairs like kmap_atomic(); the region between them makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied" % norm(c))

@cond_pair_conv depends on ever cond_pair@
expression page, prot, addr;
position cond_pair.p, cond_pair.q;
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
  (addr)
)

@null_pair depends on ever has_atomic@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, E2;
idexpression addr;
position p : script:python () { plain_allowed(p) };
position q;
@@
  addr = <+...
(
kmap_atomic@p(page)
|
kmap_atomic_prot@p(page, prot)
|
kmap_atomic_pfn@p(page)
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
(
  if (addr) kunmap_atomic@q(addr);
|
  if (addr != NULL) kunmap_atomic@q(addr);
)

@script:python@
p << null_pair.p;
a << null_pair.addr;
@@
site(p, "local", "the unmap is guarded by the mapped pointer ('if (%s)' on the shared exit), and kmap_local_page() pairs like kmap_atomic(); the region between them makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied" % a)

@null_pair_conv depends on ever null_pair@
expression page, prot, addr;
position null_pair.p, null_pair.q;
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
  (addr)
)

// ---- Unmap through an alias: the mapped pointer is saved (or a pointer
// into the page is taken) and the mapped one moves on; the unmap names the
// saved one.  kunmap_local() finds the mapping from the address's page
// exactly as kunmap_atomic() did, so the pairing is the code's own.

@alias_cand depends on ever has_atomic exists@
expression page, E3;
idexpression addr, alias;
type T;
position p : script:python () { plain_allowed(p) };
position q;
@@
  addr = <+...
\(kmap_atomic@p(page)\|kmap_atomic_prot@p(page, ...)\|kmap_atomic_pfn@p(page)\)
  ...+>;
  ... when != kunmap_atomic(...)
\(alias = addr;\|alias = (T)addr;\|alias = addr + E3;\)
  ... when != kunmap_atomic(...)
  kunmap_atomic@q(alias);

@alias_pair depends on alias_cand@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
expression page, prot, E2, E3;
idexpression alias_cand.addr, alias_cand.alias;
type T;
position alias_cand.p, alias_cand.q;
position p2, q2;
@@
  addr = <+...
(
kmap_atomic@p@p2(page)
|
kmap_atomic_prot@p@p2(page, prot)
|
kmap_atomic_pfn@p@p2(page)
)
  ...+>;
  ... when != addr = E2
      when != alias = E2
      when != kunmap_atomic(...)
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
(
  alias = addr;
|
  alias = (T)addr;
|
  alias = addr + E3;
)
  ... when != alias = E2
      when != alias += E2
      when != alias -= E2
      when != alias++
      when != alias--
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
  kunmap_atomic@q@q2(alias);

@script:python@
p << alias_pair.p2;
a << alias_cand.addr;
b << alias_cand.alias;
@@
site(p, "local", "the mapping is unmapped through %s, which was set from the mapped pointer %s and not moved since; kunmap_local() finds the mapping from the address's page exactly as kunmap_atomic() did, so the pairing is unchanged; the region between map and unmap makes no user copy, does not test pagefault_disabled()/in_atomic() and uses no per-CPU data, so it does not rely on the disables kmap_atomic() implied" % (b, a))

@alias_pair_conv depends on ever alias_pair@
expression page, prot, addr;
position alias_pair.p2, alias_pair.q2;
@@
(
- kmap_atomic@p2
+ kmap_local_page
  (page)
|
- kmap_atomic_prot@p2
+ kmap_local_page_prot
  (page, prot)
|
- kmap_atomic_pfn@p2
+ kmap_local_pfn
  (page)
|
- kunmap_atomic@q2
+ kunmap_local
  (addr)
)

// ---- Static wrapper pairs: a static function of the file that only maps
// and returns the address, one that only unmaps its argument, and every
// call of the first paired with the second in the same function, nothing
// mapped or unmapped in between and a region that passes the plain
// checks.  Both wrappers convert together; a call anywhere else (or a use
// of the wrapper that is not a call) keeps the flag.

@wrap_ret depends on ever has_atomic@
expression page;
@@
return <+... kmap_atomic(page) ...+>;

@wrap_map depends on wrap_ret@
identifier M;
type T;
expression page;
position p, pm;
@@
(
static T M@pm(...)
{
  ... when any
  return <+... kmap_atomic@p(page) ...+>;
}
|
static inline T M@pm(...)
{
  ... when any
  return <+... kmap_atomic@p(page) ...+>;
}
)

@script:python@
p << wrap_map.p;
m << wrap_map.M;
@@
wrap_maps[pkey(p)] = wrap_key(p, m)

@wrap_unmap depends on wrap_map@
identifier U, a;
type T2;
position q;
@@
(
static void U(T2 a, ...)
{
  kunmap_atomic@q(a);
  ...
}
|
static inline void U(T2 a, ...)
{
  kunmap_atomic@q(a);
  ...
}
)

@script:python@
q << wrap_unmap.q;
u << wrap_unmap.U;
@@
wrap_unmaps[wrap_key(q, u)] = pkey(q)

@wrap_use depends on wrap_map@
identifier wrap_map.M;
position r;
@@
M@r

@script:python@
r << wrap_use.r;
m << wrap_map.M;
@@
wrap_uses.setdefault(wrap_key(r, m), set()).add(pkey(r))

@wrap_call depends on wrap_map@
identifier wrap_map.M;
position c;
@@
M@c(...)

@script:python@
c << wrap_call.c;
m << wrap_map.M;
@@
wrap_calls.setdefault(wrap_key(c, m), set()).add(pkey(c))

@wrap_pair depends on wrap_map@
identifier uf =~ "(_user|_user_inatomic|_user_nocache|_iter|_iter_full|_iter_atomic)$|^iterate_";
identifier op =~ "^(local_flush_[a-z0-9_]+|__flush_[a-z0-9_]*(cache|region|page|range|line|area|tlb)[a-z0-9_]*|__purge_[a-z0-9_]+|purge_[a-z0-9_]*(cache|region|page|tlb)[a-z0-9_]*|__(inv|invalidate|clean|wback)_[a-z0-9_]+|[a-z0-9_]*_cpuc_[a-z0-9_]+|flush_kernel_dcache_page_addr|flush_dcache_line[a-z0-9_]*|invalidate_dcache_line[a-z0-9_]*)$";
identifier cf : script:python () { str(cf) in callee_names or str(cf) in hdr_names };
identifier wrap_map.M, wrap_unmap.U;
idexpression x;
expression E2;
position c;
@@
  x = <+... M@c(...) ...+>;
  ... when != x = E2
      when != M(...)
      when != U(...)
      when != kmap_atomic(...)
      when != kmap_atomic_prot(...)
      when != kmap_atomic_pfn(...)
      when != kmap_local_page(...)
      when != kmap(...)
      when != kunmap_atomic(...)
      when != kunmap_local(...)
      when != kunmap(...)
      when != op(...)
      when != cf(...)
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
  U(x, ...);

@script:python@
c << wrap_pair.c;
m << wrap_map.M;
u << wrap_unmap.U;
@@
wrap_paired.setdefault(wrap_key(c, m), set()).add(pkey(c))
wrap_partner[wrap_key(c, m)] = wrap_key(c, u)

@wrap_conv depends on wrap_pair@
position p : script:python () { wrap_ok(p) };
position q : script:python () { wrap_unmap_ok(q) };
expression page, a;
@@
(
- kmap_atomic@p
+ kmap_local_page
  (page)
|
- kunmap_atomic@q
+ kunmap_local
  (a)
)
