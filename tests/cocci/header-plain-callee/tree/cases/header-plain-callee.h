/* SPDX-License-Identifier: GPL-2.0 */
/* Sum the words of a buffer: nothing here depends on the context. */
static inline u32 hdr_sum(const u32 *p, size_t n)
{
	u32 s = 0;

	while (n--)
		s += *p++;
	return s;
}
