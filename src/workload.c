/*
 * The workload table of `kmap-local verify` and the kernel config it
 * asks for.  A workload file is lines of "key value...":
 *
 *	paths   fs/ext2/ include/linux/ext2_fs.h	(prefixes; * = fallback)
 *	config  EXT2_FS=y				(Kconfig symbols)
 *	cmdline brd.rd_nr=1				(kernel parameters)
 *	disk    32					(an image of 32 MiB ...)
 *	mkfs    mke2fs -q -t ext2 @IMAGE		(... made with this)
 *	fsck    e2fsck -f -n @IMAGE			(checked after the boot)
 *	run     fs ext2					(init's action, arguments)
 *	kunit   *_KUNIT_TEST *_TEST			(the KUnit fallback: see kunit.h)
 *
 * '#' starts a comment line.  A disk is attached as the next virtio disk
 * (/dev/vda, /dev/vdb, ...), whose name goes before the run arguments.
 */
#include "error.h"
#include "kconfig.h"
#include "verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const actions[] = { "fs", "blk", "zram", "swap", "iov", "crypto", "boot",
					 NULL };

const char *const verify_base_config[] = {
	/* i386 with real highmem, SMP and preemption */
	"NOHIGHMEM=n", "HIGHMEM4G=y", "SMP=y", "PREEMPT_NONE=n", "PREEMPT=y",
	/* a console, an initramfs, /proc, /sys, /dev, virtio disks, symbols in traces */
	"PRINTK=y", "BUG=y", "TTY=y", "SERIAL_8250=y", "SERIAL_8250_CONSOLE=y",
	"BLK_DEV_INITRD=y", "BINFMT_ELF=y", "PROC_FS=y", "SYSFS=y", "DEVTMPFS=y", "KALLSYMS=y",
	"PCI=y", "BLOCK=y", "BLK_DEV=y", "VIRTIO_MENU=y", "VIRTIO_PCI=y", "VIRTIO_BLK=y",
	/* what makes kmap mistakes visible */
	"DEBUG_KERNEL=y", "DEBUG_KMAP_LOCAL=y", "DEBUG_KMAP_LOCAL_FORCE_MAP=y",
	"DEBUG_ATOMIC_SLEEP=y", "DEBUG_PREEMPT=y", "PROVE_LOCKING=y", "DEBUG_VM=y",
	/* the function profiler, which needs the graph tracer, which needs -O2 on i386 */
	"CC_OPTIMIZE_FOR_SIZE=n", "CC_OPTIMIZE_FOR_PERFORMANCE=y",
	"FTRACE=y", "FUNCTION_TRACER=y", "FUNCTION_GRAPH_TRACER=y", "FUNCTION_PROFILER=y",
	/* gcov, for the converted objects only (make GCOV_PROFILE_x.o=y): counts what
	 * ftrace cannot see, inlined helpers and lib/ */
	"DEBUG_FS=y", "GCOV_KERNEL=y",
	NULL,
};

static bool is_symbol(const char *s, size_t n)
{
	return n && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

/* "EXT4_KUNIT_TEST", "*_TEST": a symbol name where '*' stands for anything */
static bool is_symbol_pattern(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_*") == strlen(s) &&
	       strcmp(s, "*");
}

/* "SYM=y|m|n" */
static bool is_setting(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq && is_symbol(s, (size_t)(eq - s)) && strchr("ymn", eq[1]) && eq[1] && !eq[2];
}

static int parse_line(struct workload *w, const char *file, unsigned lineno, const char *key,
		      const char *value)
{
	struct strvec words = STRVEC_INIT;
	int ret = 0;

	strvec_split_blanks(&words, value);
	if (!words.nr) {
		ret = error("%s:%u: '%s' needs a value", file, lineno, key);
	} else if (!strcmp(key, "paths")) {
		strvec_pushv(&w->paths, (const char *const *)words.v);
	} else if (!strcmp(key, "config")) {
		for (size_t i = 0; i < words.nr && !ret; i++)
			if (!is_setting(words.v[i]))
				ret = error("%s:%u: '%s' is not SYMBOL=y|m|n", file, lineno,
					    words.v[i]);
		if (!ret)
			strvec_pushv(&w->config, (const char *const *)words.v);
	} else if (!strcmp(key, "kunit")) {
		for (size_t i = 0; i < words.nr && !ret; i++)
			if (!is_symbol_pattern(words.v[i]))
				ret = error("%s:%u: '%s' is not a Kconfig symbol pattern (such as"
					    " *_KUNIT_TEST)", file, lineno, words.v[i]);
		if (!ret)
			strvec_pushv(&w->kunit, (const char *const *)words.v);
	} else if (!strcmp(key, "cmdline")) {
		strvec_pushv(&w->cmdline, (const char *const *)words.v);
	} else if (!strcmp(key, "disk")) {
		char *end;
		unsigned long mb = strtoul(words.v[0], &end, 10);

		if (*end || !mb || mb > 4096 || words.nr != 1)
			ret = error("%s:%u: disk size '%s' is not 1..4096 (MiB)", file, lineno, value);
		w->disk_mb = (unsigned)mb;
	} else if (!strcmp(key, "mkfs") || !strcmp(key, "fsck")) {
		struct strvec *argv = !strcmp(key, "mkfs") ? &w->mkfs : &w->fsck;

		strvec_clear(argv);
		strvec_pushv(argv, (const char *const *)words.v);
	} else if (!strcmp(key, "run")) {
		bool known = false;

		for (size_t i = 0; actions[i]; i++)
			known |= !strcmp(actions[i], words.v[0]);
		if (!known)
			ret = error("%s:%u: unknown action '%s' (fs, blk, zram, swap, iov, crypto,"
				    " boot)", file, lineno, words.v[0]);
		free(w->run);
		w->run = xstrdup(value + strspn(value, " \t"));
	} else {
		ret = error("%s:%u: unknown key '%s'", file, lineno, key);
	}
	strvec_clear(&words);
	return ret;
}

int workload_parse(struct workload *out, const char *name, const char *file, const char *text)
{
	unsigned lineno = 0;
	int ret = 0;

	*out = (struct workload){ xstrdup(name), xstrdup(file), STRVEC_INIT, STRVEC_INIT,
				  STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, 0, NULL };
	for (const char *p = text; *p && !ret;) {
		const char *nl = strchrnul(p, '\n');
		char *l = xstrndup(p, (size_t)(nl - p)), *k = l + strspn(l, " \t"), *v;

		lineno++;
		for (size_t n = strlen(k); n && strchr(" \t\r", k[n - 1]); n--)
			k[n - 1] = '\0';
		if (*k && *k != '#') {
			v = k + strcspn(k, " \t");
			if (*v)
				*v++ = '\0';
			ret = parse_line(out, file, lineno, k, v);
		}
		free(l);
		p = *nl ? nl + 1 : nl;
	}
	if (!ret && !out->run)
		ret = error("%s: no 'run' line", file);
	if (!ret && !out->paths.nr)
		ret = error("%s: no 'paths' line", file);
	if (!ret && out->disk_mb && !out->mkfs.nr)
		ret = error("%s: a disk needs a 'mkfs' line", file);
	return ret;
}

static void workload_release(struct workload *w)
{
	free(w->name);
	free(w->file);
	free(w->run);
	strvec_clear(&w->paths);
	strvec_clear(&w->config);
	strvec_clear(&w->cmdline);
	strvec_clear(&w->mkfs);
	strvec_clear(&w->fsck);
	strvec_clear(&w->kunit);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int list_dir(struct strvec *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return error("cannot read the workload directory '%s': %s", dir, strerror(errno));
	while ((e = readdir(d)))
		if (ends_with(e->d_name, ".workload"))
			strvec_push(out, e->d_name);
	closedir(d);
	strvec_sort(out);
	return 0;
}

static int load_one(struct workloads *out, const char *dir, const char *entry)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	char *name = xstrndup(entry, strlen(entry) - strlen(".workload"));
	struct workload w;
	int ret;

	buf_printf(&path, "%s/%s", dir, entry);
	if ((ret = buf_read_file(&text, path.ptr)) < 0)
		goto out;
	if ((ret = workload_parse(&w, name, path.ptr, text.ptr)) < 0) {
		workload_release(&w);
		goto out;
	}
	for (size_t i = 0; i < out->nr; i++) {
		if (!strcmp(out->v[i].name, name)) {
			workload_release(&out->v[i]);
			out->v[i] = w;
			goto out;
		}
	}
	ALLOC_GROW(out->v, out->nr, out->alloc);
	out->v[out->nr++] = w;
out:
	free(name);
	buf_release(&path);
	buf_release(&text);
	return ret;
}

int workloads_load(struct workloads *out, const char *dir, const char *extra)
{
	const char *dirs[] = { dir, extra };
	int ret = 0;

	for (size_t d = 0; d < 2 && !ret; d++) {
		struct strvec names = STRVEC_INIT;

		if (!dirs[d])
			continue;
		ret = list_dir(&names, dirs[d]);
		for (size_t i = 0; i < names.nr && !ret; i++)
			ret = load_one(out, dirs[d], names.v[i]);
		strvec_clear(&names);
	}
	if (!ret && !out->nr)
		ret = error("no *.workload file in '%s'", dir);
	return ret;
}

const struct workload *workloads_find(const struct workloads *w, const char *name)
{
	for (size_t i = 0; i < w->nr; i++)
		if (!strcmp(w->v[i].name, name))
			return &w->v[i];
	return NULL;
}

static bool selects(const struct workload *w, const char *path)
{
	for (size_t i = 0; i < w->paths.nr; i++) {
		const char *p = w->paths.v[i];
		size_t n = strlen(p);

		if (strcmp(p, "*") && !strncmp(path, p, n) &&
		    (p[n - 1] == '/' || path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

static bool is_fallback(const struct workload *w)
{
	return strvec_find(&w->paths, "*") >= 0;
}

void workloads_select(struct strvec *names, const struct workloads *w, const struct strvec *paths)
{
	for (size_t i = 0; i < w->nr; i++)
		for (size_t p = 0; p < paths->nr; p++)
			if (!w->v[i].kunit.nr && selects(&w->v[i], paths->v[p]) &&
			    strvec_find(names, w->v[i].name) < 0)
				strvec_push(names, w->v[i].name);
	if (names->nr)
		return;
	for (size_t i = 0; i < w->nr; i++)
		if (!w->v[i].kunit.nr && is_fallback(&w->v[i]))
			strvec_push(names, w->v[i].name);
}

bool workloads_cover(const struct workloads *w, const char *path)
{
	for (size_t i = 0; i < w->nr; i++)
		if (!w->v[i].kunit.nr && selects(&w->v[i], path))
			return true;
	return false;
}

const struct workload *workloads_kunit(const struct workloads *w)
{
	for (size_t i = 0; i < w->nr; i++)
		if (w->v[i].kunit.nr)
			return &w->v[i];
	return NULL;
}

void workloads_release(struct workloads *w)
{
	for (size_t i = 0; i < w->nr; i++)
		workload_release(&w->v[i]);
	free(w->v);
	*w = (struct workloads)WORKLOADS_INIT;
}

static bool has_symbol(const struct strvec *frag, const char *setting)
{
	size_t n = strcspn(setting, "=");

	for (size_t i = 0; i < frag->nr; i++)
		if (!strncmp(frag->v[i], setting, n) && frag->v[i][n] == '=')
			return true;
	return false;
}

static void add_setting(struct strvec *out, const char *setting)
{
	if (!has_symbol(out, setting))
		strvec_push(out, setting);
}

void verify_fragment(struct strvec *out, const struct workloads *w, const struct strvec *selected,
		     const struct strvec *objects)
{
	for (size_t i = 0; verify_base_config[i]; i++)
		add_setting(out, verify_base_config[i]);
	for (size_t s = 0; s < selected->nr; s++) {
		const struct workload *wl = workloads_find(w, selected->v[s]);

		for (size_t i = 0; wl && i < wl->config.nr; i++)
			add_setting(out, wl->config.v[i]);
	}
	for (size_t i = 0; i < objects->nr; i++) {
		struct buf s = BUF_INIT;

		buf_printf(&s, "%s=y", objects->v[i]);
		add_setting(out, s.ptr);
		buf_release(&s);
	}
}

void verify_refused(struct strvec *out, const char *config, const struct strvec *fragment)
{
	for (size_t i = 0; i < fragment->nr; i++) {
		const char *f = fragment->v[i];
		size_t n = strcspn(f, "=");
		char *sym = xstrndup(f, n), have = kconfig_get(config, sym);

		if (have != f[n + 1])
			strvec_pushf(out, "CONFIG_%s", f);
		free(sym);
	}
}
