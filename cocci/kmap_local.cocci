// kmap-local: first rule set.
//
// Converts plain kmap_atomic()/kunmap_atomic() pairs, where the address is
// kept in one variable and the region between map and unmap calls nothing
// that relies on pagefaults or preemption being disabled, into
// kmap_local_page()/kunmap_local().  Every kmap call site is reported on
// stdout as one tab-separated line:
//   KMAP-SITE <file> <line> <function> <verdict> <evidence>
// A site no rule converts is reported as flag:no-rule.
//
// Options: --no-includes --include-headers

virtual report

@site@
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
p << site.p;
@@
print("KMAP-SITE\t%s\t%s\t%s\tflag:no-rule\tno rule of this set converts this pattern yet" % (p[0].file, p[0].line, p[0].current_element))

@plain_assign@
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
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != pagefault_disabled()
      when != in_atomic()
      when != smp_processor_id()
      when != preempt_enable()
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << plain_assign.p;
@@
print("KMAP-SITE\t%s\t%s\t%s\tlocal\tthe region between map and unmap neither faults on user memory nor relies on staying on one CPU" % (p[0].file, p[0].line, p[0].current_element))

@plain_decl@
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
      when != __copy_from_user_inatomic(...)
      when != __copy_to_user_inatomic(...)
      when != copy_from_user(...)
      when != copy_to_user(...)
      when != get_user(...)
      when != put_user(...)
      when != pagefault_disabled()
      when != in_atomic()
      when != smp_processor_id()
      when != preempt_enable()
- kunmap_atomic
+ kunmap_local
  (<+... addr ...+>);

@script:python@
p << plain_decl.p;
@@
print("KMAP-SITE\t%s\t%s\t%s\tlocal\tthe region between map and unmap neither faults on user memory nor relies on staying on one CPU" % (p[0].file, p[0].line, p[0].current_element))
