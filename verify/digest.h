/* SPDX-License-Identifier: GPL-2.0 */
/* The workloads' data and its digest, for the guest's init (init.c) and its test. */
#ifndef KMAP_LOCAL_VERIFY_DIGEST_H
#define KMAP_LOCAL_VERIFY_DIGEST_H

#define DIGEST_START 2166136261u

/* Deterministic contents: file `seed`, byte offset `off`. */
static void fill(char *p, unsigned n, unsigned seed, unsigned off)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (char)((seed * 131u + (off + i) * 7u + ((off + i) >> 9)) & 0xff);
}

/*
 * FNV-1a with a shift after each multiply.  Plain FNV-1a only carries a
 * difference towards the high bits, where it falls off: over the 8 MiB of
 * the blk and swap patterns it gave one digest for every seed.
 */
static unsigned digest_add(unsigned h, const char *p, unsigned n)
{
	while (n--) {
		h = (h ^ (unsigned char)*p++) * 16777619u;
		h ^= h >> 15;
	}
	return h;
}

#endif
