// kmap-local rules, part 3 of 6: the highmem helpers.

// ---- Helpers: map + one copy/zero + unmap, the address used for nothing
// else.  The offset forms need a byte pointer (char, u8 or void), so that
// addr + off is a byte offset.  The unused variable's declaration goes.

@h_page_c depends on ever has_atomic exists@
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

@h_page_decl_d depends on ever h_page@
identifier h_page_id.fid, h_page_id.did;
type T;
@@
fid(...) {
  ... when != did
- T did;
  ... when != did
}

@h_page_decl_s depends on ever h_page@
identifier h_page_id.fid, h_page_id.sid;
type T;
@@
fid(...) {
  ... when != sid
- T sid;
  ... when != sid
}

@h_to_c depends on (ever has_atomic || ever has_kmap) exists@
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

@h_to_decl depends on ever h_to@
identifier h_to_id.fid, h_to_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_from_c depends on (ever has_atomic || ever has_kmap) exists@
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

@h_from_decl depends on ever h_from@
identifier h_from_id.fid, h_from_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_zero_c depends on (ever has_atomic || ever has_kmap) exists@
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

@h_zero_decl depends on ever h_zero@
identifier h_zero_id.fid, h_zero_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

@h_set_c depends on (ever has_atomic || ever has_kmap) exists@
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

@h_set_decl depends on ever h_set@
identifier h_set_id.fid, h_set_id.id;
type T;
@@
fid(...) {
  ... when != id
- T id;
  ... when != id
}

// ---- Inline uses: the map's address is only the argument of one copy or
// fill, and the page is unmapped right after (kmap() only: kunmap() needs
// no address).

@h_inl_from_c depends on ever has_kmap@
expression page, off, len, dst;
position p;
@@
(
memcpy(dst, kmap@p(page) + off, len);
|
memcpy(dst, kmap@p(page), len);
)
kunmap(page);

@script:python@
p << h_inl_from_c.p;
off << h_inl_from_c.off = "0";
length << h_inl_from_c.len;
@@
if not helper_bound(p, "memcpy_from_page", [(off, length)]):
    cocci.include_match(False)

@h_inl_from@
expression page, off, len, dst;
position h_inl_from_c.p;
@@
(
- memcpy(dst, kmap@p(page) + off, len);
+ memcpy_from_page(dst, page, off, len);
|
- memcpy(dst, kmap@p(page), len);
+ memcpy_from_page(dst, page, 0, len);
)
- kunmap(page);

@script:python@
p << h_inl_from_c.p;
x << h_inl_from.page;
@@
site(p, "helper:memcpy_from_page", with_bound(p, "kmap()'s address only serves one memcpy() out of the page, made inline, and the page is unmapped right after; memcpy_from_page() maps, copies and unmaps"))

@h_inl_to_c depends on ever has_kmap@
expression page, off, len, src;
position p, pf;
@@
(
memcpy(kmap@p(page) + off, src, len);
|
memcpy(kmap@p(page), src, len);
)
kunmap(page);
(
flush_dcache_page@pf(page);
|
)

@script:python@
p << h_inl_to_c.p;
off << h_inl_to_c.off = "0";
length << h_inl_to_c.len;
pf << h_inl_to_c.pf = [];
@@
if pf:
    flushed.add(pkey(p))
if not helper_bound(p, "memcpy_to_page", [(off, length)]):
    cocci.include_match(False)

@h_inl_to@
expression page, off, len, src;
position h_inl_to_c.p;
@@
(
- memcpy(kmap@p(page) + off, src, len);
+ memcpy_to_page(page, off, src, len);
|
- memcpy(kmap@p(page), src, len);
+ memcpy_to_page(page, 0, src, len);
)
- kunmap(page);
(
- flush_dcache_page(page);
|
)

@script:python@
p << h_inl_to_c.p;
x << h_inl_to.page;
@@
site(p, "helper:memcpy_to_page", with_bound(p, "kmap()'s address only serves one memcpy() into the page, made inline, and the page is unmapped right after; memcpy_to_page() maps, copies, flushes the dcache and unmaps" + flush_note(p, "memcpy_to_page")))

@h_inl_zero_c depends on ever has_kmap@
expression page, off, len;
position p, pf;
@@
(
memset(kmap@p(page) + off, 0, len);
|
memset(kmap@p(page), 0, len);
)
kunmap(page);
(
flush_dcache_page@pf(page);
|
)

@script:python@
p << h_inl_zero_c.p;
off << h_inl_zero_c.off = "0";
length << h_inl_zero_c.len;
pf << h_inl_zero_c.pf = [];
@@
if pf:
    flushed.add(pkey(p))
if not helper_bound(p, "memzero_page", [(off, length)]):
    cocci.include_match(False)

@h_inl_zero@
expression page, off, len;
position h_inl_zero_c.p;
@@
(
- memset(kmap@p(page) + off, 0, len);
+ memzero_page(page, off, len);
|
- memset(kmap@p(page), 0, len);
+ memzero_page(page, 0, len);
)
- kunmap(page);
(
- flush_dcache_page(page);
|
)

@script:python@
p << h_inl_zero_c.p;
x << h_inl_zero.page;
@@
site(p, "helper:memzero_page", with_bound(p, "kmap()'s address only serves one memset() to zero, made inline, and the page is unmapped right after; memzero_page() maps, zeroes, flushes the dcache and unmaps" + flush_note(p, "memzero_page")))
