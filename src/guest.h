#ifndef KMAP_GUEST_H
#define KMAP_GUEST_H
/*
 * The guest side of `kmap-local verify`: build verify/init.c with the
 * tree's nolibc (gcc -m32 -static -nostdlib), pack it with the list of
 * converted functions and the workload plan into an initramfs (cpio newc,
 * written here), make the workloads' disk images with their mkfs, boot a
 * kernel under qemu-system-i386 (TCG, -m 1024, panic_on_warn=1 panic=-1,
 * -no-reboot, a time limit), parse its console, and fsck the images.
 * Every file lives in the scratch directory.
 */
#include "strvec.h"
#include "verify.h"

struct guest {
	const char *scratch;
	const char *src;		/* the kernel checkout (tools/include/nolibc) */
	const char *init_c;		/* the directory of init.c */
	const struct workloads *w;
	const struct strvec *selected;
	struct strvec functions;	/* converted functions, profiled in the guest */
	struct strvec gcda;		/* the gcov counters init prints (guest paths) */
	int timeout;			/* seconds per boot */
	bool no_panic_on_warn;		/* boot without panic_on_warn=1 */
	char *init;			/* the built init */
};

#define GUEST_INIT { NULL, NULL, NULL, NULL, NULL, STRVEC_INIT, STRVEC_INIT, 0, false, NULL }

int guest_build_init(struct guest *g);
/*
 * One run of `image` (label "base" or "tip"): files are <scratch>/<label>.*.
 * What the console shows is added to *out, so that the runs of one kernel
 * can make up one boot.
 */
int guest_boot(struct boot *out, struct guest *g, const char *image, const char *label);
/* A newc cpio archive of (name, mode, data) entries; mode 0 ends the list. */
struct cpio_entry {
	const char *name;
	unsigned mode;		/* S_IFREG|0755, S_IFDIR|0755, S_IFCHR|0600 */
	const char *data;
	size_t len;
	unsigned rdev_major, rdev_minor;
};
void guest_cpio(struct buf *out, const struct cpio_entry *e, size_t nr);
void guest_release(struct guest *g);

#endif
