// kmap-local rules, part 6 of 6: why a remaining site is left alone.

// ---- Why a remaining site is left alone ----

@f_cpu depends on ever cpudep || ever pcpdep@
expression E;
position p;
@@
\(kmap_atomic@p(E)\|kmap_atomic_prot@p(E, ...)\|kmap_atomic_pfn@p(E)\)

@script:python@
p << f_cpu.p;
@@
if pkey(p) in cpu_reason:
    site(p, "flag:cpu-local", "the region needs to stay on one CPU, as kmap_atomic() kept it and kmap_local_page() does not: %s; it is not a simple block where preempt_disable()/preempt_enable() can be placed" % cpu_reason[pkey(p)])
elif pkey(p) in pf_reason:
    site(p, "flag:depends-on-atomic", "%s, and the region is not a simple block where pagefault_disable()/pagefault_enable() can be placed" % pf_reason[pkey(p)])

@f_atomic depends on ever has_atomic exists@
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

@f_return depends on (ever has_atomic || ever has_kmap)@
position p;
expression page, addr, E;
@@
(
return <+... \(kmap@p\|kmap_atomic@p\|kmap_atomic_pfn@p\)(page) ...+>;
|
return <+... kmap_atomic_prot@p(page, E) ...+>;
|
addr = \(kmap@p\|kmap_atomic@p\|kmap_atomic_pfn@p\)(page);
... when != addr = page
return addr;
)

@script:python@
p << f_return.p;
@@
site(p, "flag:escapes:return", "the mapped address is returned to the caller, so the mapping outlives this function: the caller unmaps it (a map/unmap wrapper pair), which only a conversion of the pair and all its callers can change")

@f_return_decl depends on (ever has_atomic || ever has_kmap)@
position p;
type T;
identifier addr;
expression page, E;
@@
(
T addr = \(kmap@p\|kmap_atomic@p\|kmap_atomic_pfn@p\)(page);
|
T addr = kmap_atomic_prot@p(page, E);
)
... when != addr = page
return addr;

@script:python@
p << f_return_decl.p;
@@
site(p, "flag:escapes:return", "the mapped address is returned to the caller, so the mapping outlives this function: the caller unmaps it (a map/unmap wrapper pair), which only a conversion of the pair and all its callers can change")

@f_field depends on ever has_kmap@
position p;
expression page, E;
global idexpression G;
identifier fld;
@@
(
E->fld = <+... kmap@p(page) ...+>
|
G.fld = <+... kmap@p(page) ...+>
)

@script:python@
p << f_field.p;
@@
site(p, "flag:escapes:struct-field", "the mapped address is stored in a structure field, where another task or a later call can reach it")

@f_field2 depends on ever has_kmap exists@
position p;
expression page, E, E2, addr;
global idexpression G;
identifier fld;
@@
addr = kmap@p(page)
... when != kunmap(page)
(
E->fld = addr
|
G.fld = addr
|
E->fld = addr + E2
|
G.fld = addr + E2
|
E->fld = &addr[E2]
|
G.fld = &addr[E2]
)

@script:python@
p << f_field2.p;
@@
site(p, "flag:escapes:struct-field", "the mapped address is stored in a structure field, where another task or a later call can reach it")

@f_array depends on ever has_kmap@
position p;
expression page, A, I;
@@
A[I] = <+... kmap@p(page) ...+>

@script:python@
p << f_array.p;
@@
site(p, "flag:escapes:array", "the mapped address is stored in an array, where it outlives the statement that mapped it")

@f_array2 depends on ever has_kmap exists@
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

@f_global depends on ever has_kmap@
global idexpression G;
position p;
expression page;
@@
G = <+... kmap@p(page) ...+>

@script:python@
p << f_global.p;
@@
site(p, "flag:escapes:global", "the mapped address is stored in a global variable")

@f_deferred depends on ever has_kmap exists@
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

@f_page_address depends on ever has_kmap exists@
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

@f_page_address2 depends on ever has_kmap exists@
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

@f_ignored depends on ever has_kmap@
position p;
expression page;
@@
kmap@p(page);

@script:python@
p << f_ignored.p;
@@
if pkey(p) not in gp_said:
    site(p, "flag:result-ignored", "kmap()'s address is not kept; the code must be reworked to carry the address from kmap_local_page()")

@f_cross depends on (ever has_atomic || ever has_kmap)@
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

@f_unmap_addr depends on ever has_kmap exists@
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
