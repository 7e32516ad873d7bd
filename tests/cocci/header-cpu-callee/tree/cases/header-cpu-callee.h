/* SPDX-License-Identifier: GPL-2.0 */
/* Write back the lines of one page on the executing CPU. */
static inline void hdr_sync_page(void *addr)
{
	__flush_dcache_region(addr, PAGE_SIZE);
}
