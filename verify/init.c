/*
 * init.c: the guest's /init for `kmap-local verify`, built at verify time
 * against the kernel tree's own tools/include/nolibc (no 32-bit libc):
 *
 *	gcc -m32 -Os -static -nostdlib -fno-stack-protector \
 *	    -I<tree>/tools/include/nolibc -include nolibc.h -o init init.c
 *
 * It reads /verify/functions (the converted functions, one a line) and
 * /verify/plan (one workload a line: NAME ACTION ARGS...), runs each
 * workload under the function profiler for those functions, and prints
 * what the host parses, one line each on the console:
 *
 *	KMAP-VERIFY untraceable FUNCTION	(not in available_filter_functions)
 *	KMAP-VERIFY begin NAME
 *	KMAP-VERIFY result NAME ok|fail DIGEST [what failed]
 *	KMAP-VERIFY boot FUNCTION COUNT	(calls traced before the workloads)
 *	KMAP-VERIFY hits FUNCTION COUNT	(calls while the last workload ran)
 *	KMAP-VERIFY gcda PATH LENGTH	(an object's gcov counters so far:)
 *	KMAP-VERIFY gcdax HEX		(64 bytes a line)
 *	KMAP-VERIFY gcda-end
 *	KMAP-VERIFY done
 *
 * The hits are printed after each workload (turning the profiler on again
 * resets it), so that a WARN that panics the kernel (panic_on_warn) in a
 * later workload does not lose the counts of the earlier ones.  The gcov
 * counters of the objects /verify/gcov names (debugfs paths), which count
 * from boot on, are printed once, after the last workload: a few KiB an
 * object, too many to print after each of a whole tree's workloads.  The
 * kernel's console is quieted (console_loglevel 1) for them.
 *
 * then reboots (qemu runs with -no-reboot, so it exits).  The DIGEST of a
 * workload covers only what it read back, so base and tip must agree.
 *
 * Actions:
 *	fs DEV FSTYPE	mount, write files of many sizes with fsync, read them
 *			back, rename, unlink, readdir a directory of 300
 *			entries, truncate, unmount, mount again and check
 *	blk DEV		write a pattern to a block device, read it back
 *			with O_DIRECT
 *	zram NAME SIZE	give /dev/NAME its disksize (/sys/block/NAME/disksize),
 *			then the same as blk /dev/NAME
 *	swap MIB	a new zram device (zram-control/hot_add) of MIB MiB as
 *			swap: 8 MiB of anonymous memory filled, pushed out to
 *			it (madvise MADV_PAGEOUT), read back, swapoff
 *	iov		16 MiB through a pipe between two processes and
 *			8 MiB through a file, in large read()/write() calls
 *	crypto		count the algorithms whose self-test passed
 *	boot		nothing: the boot itself is the workload
 *
 * Only 32-bit arithmetic: nolibc's 64-bit division needs libgcc.
 */
#include "digest.h"

#ifndef O_DIRECT
#define O_DIRECT 040000
#endif
#define MS_RDONLY 1
#define TRACING "/sys/kernel/tracing"

static char big[1 << 20];
static char back[1 << 20];
static char dio[65536] __attribute__((aligned(4096)));
static char line[4096];

static void put(const char *s)
{
	write(1, s, strlen(s));
}

static void put_u(unsigned v)
{
	char b[12], *p = b + sizeof(b) - 1;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	put(p);
}

static void put_x(unsigned v)
{
	char b[9];

	for (int i = 7; i >= 0; i--, v >>= 4)
		b[i] = "0123456789abcdef"[v & 15];
	b[8] = 0;
	put(b);
}

static int write_all(int fd, const char *p, unsigned n)
{
	while (n) {
		int w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (unsigned)w;
	}
	return 0;
}

static int read_all(int fd, char *p, unsigned n)
{
	unsigned got = 0;

	while (got < n) {
		int r = read(fd, p + got, n - got);

		if (r <= 0)
			break;
		got += (unsigned)r;
	}
	return (int)got;
}

static int write_str(const char *path, const char *s, int flags)
{
	int fd = open(path, O_WRONLY | flags, 0), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, s, strlen(s)) == (int)strlen(s) ? 0 : -1;
	close(fd);
	return ret;
}

static void u2s(char *out, unsigned v);

/* nolibc (6.1) has neither find() nor strtok(). */
static char *find(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return (char *)s;
	return NULL;
}

static void name_of(char *out, const char *dir, unsigned i)
{
	strcpy(out, dir);
	strcpy(out + strlen(out), "/f");
	u2s(out + strlen(out), i);
}

static unsigned file_size(unsigned i)
{
	static const unsigned sizes[] = { 0, 1, 100, 4095, 4096, 4097, 8192, 12000,
					  65536, 70001, 300000, 1048576 };

	return sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
}

static int make_file(const char *path, unsigned seed, unsigned size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), ret = 0;

	if (fd < 0)
		return -1;
	for (unsigned off = 0; off < size && !ret; off += sizeof(big)) {
		unsigned n = size - off < sizeof(big) ? size - off : sizeof(big);

		fill(big, n, seed, off);
		ret = write_all(fd, big, n);
	}
	if (!ret)
		ret = fsync(fd);
	close(fd);
	return ret;
}

/* Read a file back; 0 when it holds what make_file wrote (first `size` bytes). */
static int check_file(const char *path, unsigned seed, unsigned size, unsigned *digest)
{
	int fd = open(path, O_RDONLY, 0), ret = 0;

	if (fd < 0)
		return -1;
	for (unsigned off = 0; off < size && !ret; off += sizeof(big)) {
		unsigned n = size - off < sizeof(big) ? size - off : sizeof(big);

		fill(big, n, seed, off);
		if (read_all(fd, back, n) != (int)n || memcmp(big, back, n))
			ret = -1;
		*digest = digest_add(*digest, back, n);
	}
	if (!ret && read(fd, back, 1) != 0)
		ret = -1;
	close(fd);
	return ret;
}

static int count_entries(const char *dir, unsigned *digest)
{
	char buf[4096];
	int fd = open(dir, O_RDONLY | O_DIRECTORY, 0), n, count = 0;

	if (fd < 0)
		return -1;
	while ((n = getdents64(fd, (void *)buf, sizeof(buf))) > 0) {
		for (int off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);

			/* Order is the file system's own: count, do not hash names. */
			count++;
			off += d->d_reclen;
		}
	}
	close(fd);
	*digest = digest_add(*digest, (char *)&count, sizeof(count));
	return n < 0 ? -1 : count;
}

static int sys_rename(const char *a, const char *b)
{
	return my_syscall2(__NR_rename, a, b);
}

static int sys_truncate(const char *path, unsigned len)
{
	return my_syscall2(__NR_truncate, path, len);
}

/* After fs_files(): a third of the files renamed, some unlinked, some truncated. */
static int renamed(unsigned i)
{
	return i % 3 == 0;
}

static int unlinked(unsigned i)
{
	return i % 6 == 1;
}

static int truncated(unsigned i)
{
	return i >= 5 && i % 4 == 1 && !unlinked(i);
}

static void cur_name(char *out, unsigned i)
{
	name_of(out, "/mnt/d", renamed(i) ? i + 1000 : i);
}

static const char *fs_files(unsigned *digest)
{
	char a[64], b[64];

	if (mkdir("/mnt/d", 0755) < 0)
		return "mkdir";
	for (unsigned i = 0; i < 24; i++) {
		name_of(a, "/mnt/d", i);
		if (make_file(a, i, file_size(i)) < 0)
			return "write";
	}
	for (unsigned i = 0; i < 24; i++) {
		name_of(a, "/mnt/d", i);
		if (check_file(a, i, file_size(i), digest) < 0)
			return "read back";
	}
	for (unsigned i = 0; i < 24; i++) {
		name_of(a, "/mnt/d", i);
		cur_name(b, i);
		if (renamed(i) && sys_rename(a, b) < 0)
			return "rename";
		if (unlinked(i) && unlink(a) < 0)
			return "unlink";
	}
	for (unsigned i = 0; i < 24; i++) {
		cur_name(a, i);
		if (truncated(i) && sys_truncate(a, file_size(i) / 3) < 0)
			return "truncate";
	}
	return NULL;
}

static const char *fs_dir(unsigned *digest)
{
	char a[64];

	if (mkdir("/mnt/many", 0755) < 0)
		return "mkdir";
	for (unsigned i = 0; i < 300; i++) {
		name_of(a, "/mnt/many", i);
		if (make_file(a, i, i % 7) < 0)
			return "create";
	}
	for (unsigned i = 0; i < 300; i += 2) {
		name_of(a, "/mnt/many", i);
		if (unlink(a) < 0)
			return "unlink";
	}
	return count_entries("/mnt/many", digest) != 152 ? "readdir" : NULL;
}

/* After a remount: everything must read back from the disk. */
static const char *fs_recheck(unsigned *digest)
{
	char a[64];

	for (unsigned i = 0; i < 24; i++) {
		unsigned size = truncated(i) ? file_size(i) / 3 : file_size(i);

		cur_name(a, i);
		if (unlinked(i))
			continue;
		if (check_file(a, i, size, digest) < 0)
			return "read back after remount";
	}
	return count_entries("/mnt/many", digest) != 152 ? "readdir after remount" : NULL;
}

static const char *do_fs(char **argv, unsigned *digest)
{
	const char *what;

	if (!argv[0] || !argv[1])
		return "usage: fs DEV FSTYPE";
	mkdir("/mnt", 0755);
	if (mount(argv[0], "/mnt", argv[1], 0, NULL) < 0)
		return "mount";
	what = fs_files(digest);
	if (!what)
		what = fs_dir(digest);
	if (umount2("/mnt", 0) < 0 && !what)
		what = "umount";
	if (what)
		return what;
	if (mount(argv[0], "/mnt", argv[1], 0, NULL) < 0)
		return "mount again";
	what = fs_recheck(digest);
	if (umount2("/mnt", 0) < 0 && !what)
		what = "umount again";
	return what;
}

static const char *do_blk(char **argv, unsigned *digest)
{
	int fd;

	if (!argv[0])
		return "usage: blk DEV";
	if ((fd = open(argv[0], O_WRONLY, 0)) < 0)
		return "open";
	for (unsigned off = 0; off < (8u << 20); off += sizeof(big)) {
		fill(big, sizeof(big), 7, off);
		if (write_all(fd, big, sizeof(big)) < 0) {
			close(fd);
			return "write";
		}
	}
	fsync(fd);
	close(fd);
	if ((fd = open(argv[0], O_RDONLY | O_DIRECT, 0)) < 0)
		return "open O_DIRECT";
	for (unsigned off = 0; off < (8u << 20); off += sizeof(dio)) {
		fill(big, sizeof(dio), 7, off);
		if (read_all(fd, dio, sizeof(dio)) != (int)sizeof(dio) ||
		    memcmp(big, dio, sizeof(dio))) {
			close(fd);
			return "read back";
		}
		*digest = digest_add(*digest, dio, sizeof(dio));
	}
	close(fd);
	return NULL;
}

static const char *do_zram(char **argv, unsigned *digest)
{
	char path[64], dev[32], *blk[2] = { dev, NULL };

	if (!argv[0] || !argv[1] || strlen(argv[0]) > 16)
		return "usage: zram NAME DISKSIZE";
	strcpy(path, "/sys/block/");
	strcpy(path + strlen(path), argv[0]);
	strcpy(path + strlen(path), "/disksize");
	if (write_str(path, argv[1], O_TRUNC) < 0)
		return "set disksize";
	strcpy(dev, "/dev/");
	strcpy(dev + strlen(dev), argv[0]);
	return do_blk(blk, digest);
}

#define SWAP_BYTES (8u << 20)
#define MADV_PAGEOUT_ 21

/* A version 1 swap header on the whole device (mkswap's page 0). */
static int make_swap(const char *dev, unsigned bytes)
{
	int fd = open(dev, O_WRONLY, 0), ret;
	unsigned last = bytes / 4096 - 1;

	if (fd < 0)
		return -1;
	memset(dio, 0, 4096);
	dio[1024] = 1;					/* version */
	memcpy(dio + 1028, &last, 4);			/* last_page */
	memcpy(dio + 4096 - 10, "SWAPSPACE2", 10);
	ret = write_all(fd, dio, 4096);
	fsync(fd);
	close(fd);
	return ret;
}

static unsigned kb_after(const char *p)
{
	while (*p == ' ')
		p++;
	return (unsigned)atoi(p);
}

/* "SwapTotal - SwapFree" of /proc/meminfo, in kB: what is swapped out. */
static unsigned swap_used_kb(void)
{
	int fd = open("/proc/meminfo", O_RDONLY, 0), n;
	unsigned total = 0, free_kb = 0;
	char *p;

	if (fd < 0)
		return 0;
	n = read_all(fd, line, sizeof(line) - 1);
	close(fd);
	line[n < 0 ? 0 : n] = 0;
	if ((p = find(line, "SwapTotal:")))
		total = kb_after(p + 10);
	if ((p = find(line, "SwapFree:")))
		free_kb = kb_after(p + 9);
	return total - free_kb;
}

static const char *swap_round_trip(unsigned *digest)
{
	char *mem = mmap(NULL, SWAP_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	const char *what = NULL;

	if (mem == MAP_FAILED)
		return "mmap";
	fill(mem, SWAP_BYTES, 11, 0);
	if (my_syscall3(__NR_madvise, mem, SWAP_BYTES, MADV_PAGEOUT_) < 0)
		what = "madvise MADV_PAGEOUT";
	else if (swap_used_kb() < (SWAP_BYTES >> 10) / 2)
		what = "less than half of it was swapped out";
	for (unsigned off = 0; off < SWAP_BYTES && !what; off += sizeof(big)) {
		fill(big, sizeof(big), 11, off);
		if (memcmp(big, mem + off, sizeof(big)))
			what = "read back";
		*digest = digest_add(*digest, mem + off, sizeof(big));
	}
	munmap(mem, SWAP_BYTES);
	return what;
}

static const char *do_swap(char **argv, unsigned *digest)
{
	char path[64], dev[32], id[16] = { 0 }, size[16];
	const char *what;
	int fd, n;

	if (!argv[0] || strlen(argv[0]) > 8)
		return "usage: swap MIB";
	if ((fd = open("/sys/class/zram-control/hot_add", O_RDONLY, 0)) < 0)
		return "open zram-control/hot_add";
	n = read(fd, id, sizeof(id) - 1);
	close(fd);
	if (n <= 0 || id[0] < '0' || id[0] > '9')
		return "zram hot_add";
	for (n = 0; id[n] >= '0' && id[n] <= '9'; n++)
		;
	id[n] = 0;
	strcpy(path, "/sys/block/zram");
	strcpy(path + strlen(path), id);
	strcpy(path + strlen(path), "/disksize");
	strcpy(size, argv[0]);
	strcpy(size + strlen(size), "M");	/* bytes without a suffix */
	if (write_str(path, size, O_TRUNC) < 0)
		return "set disksize";
	strcpy(dev, "/dev/zram");
	strcpy(dev + strlen(dev), id);
	if (make_swap(dev, (unsigned)atoi(argv[0]) << 20) < 0)
		return "write the swap header";
	if (my_syscall2(__NR_swapon, dev, 0) < 0)
		return "swapon";
	what = swap_round_trip(digest);
	if (my_syscall1(__NR_swapoff, dev) < 0 && !what)
		what = "swapoff";
	return what;
}

static const char *do_iov(char **argv, unsigned *digest)
{
	int fds[2], status = 0, fd;
	const unsigned total = 16u << 20;
	unsigned got = 0;
	pid_t pid;

	(void)argv;
	if (my_syscall1(__NR_pipe, fds) < 0)
		return "pipe";
	if ((pid = fork()) == 0) {
		close(fds[0]);
		for (unsigned off = 0; off < total; off += sizeof(big)) {
			fill(big, sizeof(big), 3, off);
			if (write_all(fds[1], big, sizeof(big)) < 0)
				exit(1);
		}
		exit(0);
	}
	close(fds[1]);
	while (got < total) {
		int r = read(fds[0], back, sizeof(back));

		if (r <= 0)
			break;
		*digest = digest_add(*digest, back, (unsigned)r);
		got += (unsigned)r;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (got != total || status)
		return "pipe transfer";
	mkdir("/tmp", 01777);
	if (make_file("/tmp/iov", 5, 8u << 20) < 0 || check_file("/tmp/iov", 5, 8u << 20, digest) < 0)
		return "file transfer";
	fd = unlink("/tmp/iov");
	return fd < 0 ? "unlink" : NULL;
}

static const char *do_crypto(char **argv, unsigned *digest)
{
	unsigned passed = 0, other = 0;
	int fd = open("/proc/crypto", O_RDONLY, 0), n;
	char *p;

	(void)argv;
	if (fd < 0)
		return "open /proc/crypto";
	n = read_all(fd, big, sizeof(big) - 1);
	close(fd);
	big[n < 0 ? 0 : n] = 0;
	for (p = big; (p = find(p, "selftest")); p++) {
		char *v = strchr(p, ':');

		if (v && !strncmp(v, ": passed", 8))
			passed++;
		else
			other++;
	}
	*digest = digest_add(*digest, (char *)&passed, sizeof(passed));
	put("KMAP-VERIFY crypto selftests passed ");
	put_u(passed);
	put(" other ");
	put_u(other);
	put("\n");
	return passed ? NULL : "no self-test passed";
}

static const char *do_boot(char **argv, unsigned *digest)
{
	(void)argv;
	(void)digest;
	return NULL;
}

static const struct {
	const char *name;
	const char *(*fn)(char **argv, unsigned *digest);
} actions[] = {
	{ "fs", do_fs }, { "blk", do_blk }, { "zram", do_zram }, { "swap", do_swap },
	{ "iov", do_iov },
	{ "crypto", do_crypto }, { "boot", do_boot },
};

static void run_workload(char *l)
{
	char *argv[8] = { 0 };
	const char *what = "unknown action";
	unsigned digest = DIGEST_START;
	int n = 0;

	for (char *p = l; *p && n < 7;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (*p)
			argv[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (n < 2)
		return;
	put("KMAP-VERIFY begin ");
	put(argv[0]);
	put("\n");
	for (unsigned i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(actions[i].name, argv[1]))
			what = actions[i].fn(argv + 2, &digest);
	put("KMAP-VERIFY result ");
	put(argv[0]);
	put(what ? " fail " : " ok ");
	put_x(digest);
	if (what) {
		put(" ");
		put(what);
	}
	put("\n");
}

/* Each line of `path` through fn(line); the text is kept in `text`. */
static void each_line(const char *path, char *text, unsigned size, void (*fn)(char *))
{
	int fd = open(path, O_RDONLY, 0), n;
	char *p, *nl;

	if (fd < 0)
		return;
	n = read_all(fd, text, size - 1);
	close(fd);
	text[n < 0 ? 0 : n] = 0;
	for (p = text; *p; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = 0;
		else
			nl = p + strlen(p);
		if (*p && *p != '#')
			fn(p);
	}
}

static int traced;

/*
 * One name per write, ending in a newline so that ftrace parses it (and
 * fails it) right away; then the copies gcc may have made ("name.*").
 */
static void add_filter(char *fn)
{
	char pattern[256];
	int ok;

	if (strlen(fn) > sizeof(pattern) - 4)
		return;
	strcpy(pattern, fn);
	strcpy(pattern + strlen(pattern), "\n");
	ok = write_str(TRACING "/set_ftrace_filter", pattern, O_APPEND) == 0;
	strcpy(pattern + strlen(fn), ".*\n");
	ok |= write_str(TRACING "/set_ftrace_filter", pattern, O_APPEND) == 0;
	if (!ok) {
		put("KMAP-VERIFY untraceable ");
		put(fn);
		put("\n");
	} else {
		traced++;
	}
}

static void u2s(char *out, unsigned v)
{
	char b[12], *p = b + sizeof(b) - 1;

	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	strcpy(out, p);
}

/* "name  hits ..." lines of trace_stat/function<cpu>, after the header. */
static void report_profile(void)
{
	char path[64];

	for (unsigned cpu = 0; cpu < 64; cpu++) {
		int fd, n;
		char *p, *nl;

		strcpy(path, TRACING "/trace_stat/function");
		u2s(path + strlen(path), cpu);
		if ((fd = open(path, O_RDONLY, 0)) < 0)
			break;
		n = read_all(fd, big, sizeof(big) - 1);
		close(fd);
		big[n < 0 ? 0 : n] = 0;
		for (p = big; *p; p = nl) {
			nl = strchr(p, '\n');
			if (nl)
				*nl++ = 0;
			else
				nl = p + strlen(p);
			while (*p == ' ')
				p++;
			if (!*p || !strncmp(p, "Function", 8) || *p == '-')
				continue;
			put("KMAP-VERIFY hits ");
			put(p);
			put("\n");
		}
	}
}

#define MAX_FNS 4096
static char *fns[MAX_FNS];
static unsigned boot_counts[MAX_FNS];
static unsigned nr_fns;

static void add_fn(char *fn)
{
	if (nr_fns < MAX_FNS)
		fns[nr_fns++] = fn;
}

/* "name" or a copy gcc made of it: "name.isra.0", "name.constprop.0", "name.part.0". */
static int same_function(const char *want, const char *fn)
{
	size_t n = strlen(want);

	return !strncmp(want, fn, n) && (fn[n] == 0 || fn[n] == '.');
}

static void count_boot_call(const char *fn)
{
	for (unsigned i = 0; i < nr_fns; i++)
		if (same_function(fns[i], fn))
			boot_counts[i]++;
}

/*
 * Calls traced from boot on (ftrace=function ftrace_filter=... on the
 * command line), so that code run before init (crypto self-tests, the
 * mount of the initramfs) counts too.  Lines: "... function <-caller".
 */
static void report_boot_trace(void)
{
	int fd = open(TRACING "/trace", O_RDONLY, 0), n, keep = 0;

	if (fd < 0)
		return;
	while ((n = read(fd, line + keep, sizeof(line) - 1 - keep)) > 0) {
		char *p = line, *nl;

		line[keep + n] = 0;
		while ((nl = strchr(p, '\n'))) {
			char *arrow, *fn;

			*nl = 0;
			arrow = find(p, " <-");
			if (*p != '#' && arrow) {
				*arrow = 0;
				fn = strrchr(p, ' ');
				if (fn)
					count_boot_call(fn + 1);
			}
			p = nl + 1;
		}
		keep = (int)strlen(p);
		if (keep == (int)sizeof(line) - 1)
			keep = 0;
		memmove(line, p, keep);
	}
	close(fd);
	write_str(TRACING "/current_tracer", "nop", O_TRUNC);
	for (unsigned i = 0; i < nr_fns; i++) {
		if (!boot_counts[i])
			continue;
		put("KMAP-VERIFY boot ");
		put(fns[i]);
		put(" ");
		put_u(boot_counts[i]);
		put("\n");
	}
}

#define MAX_GCDA 256
static char *gcda[MAX_GCDA];
static unsigned nr_gcda;

static void add_gcda(char *path)
{
	if (nr_gcda < MAX_GCDA)
		gcda[nr_gcda++] = path;
}

/* One object's counters, in hex, 64 bytes a line. */
static void dump_gcda(const char *path)
{
	static const char digits[] = "0123456789abcdef";
	char hex[2 * 64 + 1];
	int fd = open(path, O_RDONLY, 0), n;

	if (fd < 0)
		return;
	n = read_all(fd, big, sizeof(big));
	close(fd);
	if (n <= 0)
		return;
	put("KMAP-VERIFY gcda ");
	put(path);
	put(" ");
	put_u((unsigned)n);
	put("\n");
	for (int i = 0; i < n; i += 64) {
		int len = n - i < 64 ? n - i : 64;

		for (int j = 0; j < len; j++) {
			hex[2 * j] = digits[(unsigned char)big[i + j] >> 4];
			hex[2 * j + 1] = digits[(unsigned char)big[i + j] & 15];
		}
		hex[2 * len] = 0;
		put("KMAP-VERIFY gcdax ");
		put(hex);
		put("\n");
	}
	put("KMAP-VERIFY gcda-end\n");
}

/* One workload under the profiler, its counts printed right after it. */
static void run_profiled(char *l)
{
	if (traced)
		write_str(TRACING "/function_profile_enabled", "1", O_TRUNC);
	run_workload(l);
	if (traced) {
		write_str(TRACING "/function_profile_enabled", "0", O_TRUNC);
		report_profile();
	}
}

static char functions[65536];
static char plan[8192];
static char gcda_paths[32768];

int main(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("tracefs", TRACING, "tracefs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	put("KMAP-VERIFY init\n");
	each_line("/verify/functions", functions, sizeof(functions), add_fn);
	each_line("/verify/gcov", gcda_paths, sizeof(gcda_paths), add_gcda);
	report_boot_trace();
	write_str(TRACING "/set_ftrace_filter", "", O_TRUNC);
	for (unsigned i = 0; i < nr_fns; i++)
		add_filter(fns[i]);
	each_line("/verify/plan", plan, sizeof(plan), run_profiled);
	/*
	 * Only KERN_EMERG (a panic) on the console from here: the serial
	 * console prints a kernel message in the middle of a line of ours (a
	 * clocksource watchdog, under a loaded host), which spoils a dump.
	 */
	write_str("/proc/sys/kernel/printk", "1", O_TRUNC);
	for (unsigned i = 0; i < nr_gcda; i++)
		dump_gcda(gcda[i]);
	my_syscall0(__NR_sync);
	put("KMAP-VERIFY done\n");
	reboot(LINUX_REBOOT_CMD_RESTART);
	return 0;
}
