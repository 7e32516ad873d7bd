/* SPDX-License-Identifier: GPL-2.0 */
/* A header helper that takes another path in atomic context. */
static inline int hdr_store_word(u32 *dst, u32 v)
{
	if (in_atomic())
		return -EAGAIN;
	*dst = v;
	return 0;
}
