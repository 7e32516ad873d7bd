/* SPDX-License-Identifier: GPL-2.0 */
/* Copy from user memory, without faulting when faults are disabled. */
static inline int hdr_fetch(void *dst, const void __user *src, size_t n)
{
	if (pagefault_disabled())
		return __copy_from_user_inatomic(dst, src, n) ? -EFAULT : 0;
	return copy_from_user(dst, src, n) ? -EFAULT : 0;
}
