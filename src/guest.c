#include "guest.h"
#include "error.h"
#include "progress.h"
#include "run_command.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE_CAP (32 << 20)
/*
 * The kernel's command line is 2048 bytes on x86: keep the boot trace's
 * filter short.  trace_clock=global: else the switch to it at
 * late_initcall empties the buffer that holds the boot's calls.
 */
#define BOOT_FILTER_MAX 1400
/* Called only by sync(2), after the workloads: keeps a boot filter from being empty. */
#define ANCHOR_FUNCTION "ksys_sync"

int guest_build_init(struct guest *g)
{
	struct child c = CHILD_INIT;
	struct buf out = BUF_INIT;
	int ret = 0;

	buf_printf(&out, "%s/init", g->scratch);
	strvec_pushv(&c.args, (const char *const[]){ "gcc", "-m32", "-Os", "-static", "-nostdlib",
		     "-fno-stack-protector", "-fno-builtin", "-w", NULL });
	strvec_pushf(&c.args, "-I%s/tools/include/nolibc", g->src);
	strvec_pushv(&c.args, (const char *const[]){ "-I/usr/include/x86_64-linux-gnu", "-include",
		     "nolibc.h", "-o", out.ptr, NULL });
	strvec_pushf(&c.args, "%s/init.c", g->init_c);
	c.err.cap = 1 << 20;
	if ((ret = child_run(&c)) == 0 && !child_succeeded(&c))
		ret = error("cannot build the guest's init with gcc -m32 on nolibc: %.*s",
			    (int)strcspn(c.err.ptr, "\n"), c.err.ptr);
	if (!ret)
		g->init = buf_detach(&out, NULL);
	buf_release(&out);
	child_release(&c);
	return ret;
}

static void cpio_header(struct buf *out, unsigned ino, const struct cpio_entry *e, size_t namelen)
{
	buf_printf(out, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", ino,
		   e->mode, 0u, 0u, 1u, 0u, e->len, 0u, 0u, e->rdev_major, e->rdev_minor,
		   namelen + 1, 0u);
}

static void pad4(struct buf *out)
{
	while (out->len % 4)
		buf_putc(out, '\0');
}

void guest_cpio(struct buf *out, const struct cpio_entry *e, size_t nr)
{
	struct cpio_entry trailer = { "TRAILER!!!", 0, NULL, 0, 0, 0 };

	for (size_t i = 0; i <= nr; i++) {
		const struct cpio_entry *x = i < nr ? &e[i] : &trailer;

		cpio_header(out, (unsigned)i + 1, x, strlen(x->name));
		buf_add(out, x->name, strlen(x->name) + 1);
		pad4(out);
		buf_add(out, x->data, x->len);
		pad4(out);
	}
}

/* Replace "@IMAGE" in each argument. */
static void expand_argv(struct strvec *out, const struct strvec *argv, const char *image)
{
	for (size_t i = 0; i < argv->nr; i++) {
		const char *at = strstr(argv->v[i], "@IMAGE");

		if (at)
			strvec_pushf(out, "%.*s%s%s", (int)(at - argv->v[i]), argv->v[i], image,
				     at + 6);
		else
			strvec_push(out, argv->v[i]);
	}
}

static int run_tool(const struct strvec *argv, const char *image, struct buf *why)
{
	struct child c = CHILD_INIT;
	int ret;

	expand_argv(&c.args, argv, image);
	c.out.cap = c.err.cap = 1 << 20;
	c.timeout_ms = 300 * 1000;
	if ((ret = child_run(&c)) == 0 && !child_succeeded(&c) && why) {
		const char *t = c.err.len ? c.err.ptr : c.out.ptr;

		buf_printf(why, "'%s' exited with %d: %.*s", argv->v[0], c.exit_status,
			   (int)strcspn(t, "\n"), t);
	}
	child_release(&c);
	return ret;
}

static int make_image(struct buf *path, const struct workload *w, const char *scratch,
		      const char *label)
{
	struct buf why = BUF_INIT;
	int fd, ret = 0;

	buf_printf(path, "%s/%s-%s.img", scratch, label, w->name);
	fd = open(path->ptr, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)w->disk_mb << 20) < 0)
		ret = error_errno("cannot make the disk image '%s'", path->ptr);
	if (fd >= 0)
		close(fd);
	if (!ret && !(ret = run_tool(&w->mkfs, path->ptr, &why)) && why.len)
		ret = error("workload '%s': %s", w->name, why.ptr);
	buf_release(&why);
	return ret;
}

/* The plan for init, the disks for qemu and the kernel parameters. */
static int prepare_workloads(struct guest *g, const char *label, struct buf *plan,
			     struct strvec *qemu, struct buf *cmdline)
{
	char dev = 'a';
	int ret = 0;

	for (size_t i = 0; i < g->selected->nr && !ret; i++) {
		const struct workload *w = workloads_find(g->w, g->selected->v[i]);
		const char *args = w->run + strcspn(w->run, " \t");
		struct buf img = BUF_INIT;

		buf_printf(plan, "%s %.*s", w->name, (int)strcspn(w->run, " \t"), w->run);
		if (w->disk_mb && !(ret = make_image(&img, w, g->scratch, label))) {
			buf_printf(plan, " /dev/vd%c", dev++);
			strvec_push(qemu, "-drive");
			strvec_pushf(qemu, "file=%s,format=raw,if=virtio", img.ptr);
		}
		buf_printf(plan, "%s\n", args);
		for (size_t c = 0; c < w->cmdline.nr; c++)
			buf_printf(cmdline, " %s", w->cmdline.v[c]);
		buf_release(&img);
	}
	return ret;
}

/*
 * The functions traced from boot: as many as fit, in the order given
 * (verify puts those that run at boot, crypto/ and lib/, first).  The
 * others are counted from init on only.
 */
static void boot_filter(struct buf *cmdline, const struct strvec *functions)
{
	struct buf list = BUF_INIT;

	buf_puts(&list, ANCHOR_FUNCTION);
	for (size_t i = 0; i < functions->nr; i++)
		if (list.len + 1 + strlen(functions->v[i]) <= BOOT_FILTER_MAX)
			buf_printf(&list, ",%s", functions->v[i]);
	buf_printf(cmdline, " ftrace=function ftrace_filter=%s trace_buf_size=4M"
		   " trace_clock=global", list.ptr);
	buf_release(&list);
}

static int write_initramfs(struct guest *g, const char *path, const struct buf *plan)
{
	struct buf init = BUF_INIT, fns = BUF_INIT, cpio = BUF_INIT, gcda = BUF_INIT;
	int ret;

	for (size_t i = 0; i < g->functions.nr; i++)
		buf_printf(&fns, "%s\n", g->functions.v[i]);
	for (size_t i = 0; i < g->gcda.nr; i++)
		buf_printf(&gcda, "%s\n", g->gcda.v[i]);
	if ((ret = buf_read_file(&init, g->init)) == 0) {
		const struct cpio_entry e[] = {
			{ "dev", S_IFDIR | 0755, NULL, 0, 0, 0 },
			{ "dev/console", S_IFCHR | 0600, NULL, 0, 5, 1 },
			{ "verify", S_IFDIR | 0755, NULL, 0, 0, 0 },
			{ "verify/functions", S_IFREG | 0644, fns.ptr, fns.len, 0, 0 },
			{ "verify/plan", S_IFREG | 0644, plan->ptr, plan->len, 0, 0 },
			{ "verify/gcov", S_IFREG | 0644, gcda.ptr, gcda.len, 0, 0 },
			{ "init", S_IFREG | 0755, init.ptr, init.len, 0, 0 },
		};

		guest_cpio(&cpio, e, sizeof(e) / sizeof(e[0]));
		ret = buf_write_file_atomic(&cpio, path);
	}
	buf_release(&init);
	buf_release(&fns);
	buf_release(&gcda);
	buf_release(&cpio);
	return ret;
}

/* fsck each disk; a failure replaces the workload's result line. */
static int check_images(struct boot *b, struct guest *g, const char *label)
{
	int ret = 0;

	for (size_t i = 0; i < g->selected->nr && !ret; i++) {
		const struct workload *w = workloads_find(g->w, g->selected->v[i]);
		struct buf img = BUF_INIT, why = BUF_INIT;

		buf_printf(&img, "%s/%s-%s.img", g->scratch, label, w->name);
		if (w->disk_mb && w->fsck.nr && !(ret = run_tool(&w->fsck, img.ptr, &why)) && why.len) {
			for (size_t r = 0; r < b->results.nr; r++)
				if (!strncmp(b->results.v[r], w->name, strlen(w->name)) &&
				    b->results.v[r][strlen(w->name)] == ' ') {
					free(b->results.v[r]);
					b->results.v[r] = NULL;
					buf_reset(&img);
					buf_printf(&img, "%s fail fsck %s", w->name, why.ptr);
					b->results.v[r] = buf_detach(&img, NULL);
				}
		}
		buf_release(&img);
		buf_release(&why);
	}
	return ret;
}

int guest_boot(struct boot *out, struct guest *g, const char *image, const char *label)
{
	struct child c = CHILD_INIT;
	struct buf plan = BUF_INIT, cmdline = BUF_INIT, cpio = BUF_INIT, log = BUF_INIT;
	struct strvec disks = STRVEC_INIT;
	double t0;
	int ret;

	buf_puts(&cmdline, g->no_panic_on_warn ? "console=ttyS0 panic=-1" :
		 "console=ttyS0 panic_on_warn=1 panic=-1");
	boot_filter(&cmdline, &g->functions);
	buf_printf(&cpio, "%s/%s.cpio", g->scratch, label);
	if ((ret = prepare_workloads(g, label, &plan, &disks, &cmdline)) < 0 ||
	    (ret = write_initramfs(g, cpio.ptr, &plan)) < 0)
		goto out;
	strvec_pushv(&c.args, (const char *const[]){ "qemu-system-i386", "-nodefaults",
		     "-no-reboot", "-display", "none", "-serial", "stdio", "-m", "1024", "-smp", "1",
		     "-kernel", image, "-initrd", cpio.ptr, "-append", cmdline.ptr, NULL });
	strvec_pushv(&c.args, (const char *const *)disks.v);
	c.out.cap = CONSOLE_CAP;
	c.err.cap = 1 << 20;
	c.timeout_ms = g->timeout * 1000;
	note("booting the %s kernel under qemu (at most %d s)", label, g->timeout);
	t0 = monotonic_seconds();
	if ((ret = child_run(&c)) < 0)
		goto out;
	out->seconds += monotonic_seconds() - t0;
	out->timed_out |= c.timed_out;
	out->panic_on_warn_off |= g->no_panic_on_warn;
	out->runs++;
	buf_printf(&log, "%s/%s.console", g->scratch, label);
	if ((ret = buf_write_file_atomic(&c.out, log.ptr)) < 0)
		goto out;
	if (!c.out.len && c.err.len)
		ret = error("qemu-system-i386 failed: %.*s", (int)strcspn(c.err.ptr, "\n"), c.err.ptr);
	else
		verify_parse_console(out, c.out.ptr);
	if (!ret)
		ret = check_images(out, g, label);
out:
	child_release(&c);
	strvec_clear(&disks);
	buf_release(&plan);
	buf_release(&cmdline);
	buf_release(&cpio);
	buf_release(&log);
	return ret;
}

void guest_release(struct guest *g)
{
	strvec_clear(&g->functions);
	strvec_clear(&g->gcda);
	free(g->init);
	g->init = NULL;
}
