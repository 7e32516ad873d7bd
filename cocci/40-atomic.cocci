// kmap-local rules, part 4 of 6: kmap_atomic() regions, with or without
// an explicit disable.

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
