// naive.cocci: the conversion a user who never heard of kmap-local would
// run: every kmap_atomic() becomes kmap_local_page(), every kunmap_atomic()
// kunmap_local(), with no safety check at all.  bench.sh times it as the
// floor kmap-local's cold run is compared with (issue 13).
@@
expression page;
@@
- kmap_atomic(page)
+ kmap_local_page(page)

@@
expression addr;
@@
- kunmap_atomic(addr)
+ kunmap_local(addr)
