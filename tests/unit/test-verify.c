/*
 * Unit tests for the parts of `kmap-local verify` that need no kernel:
 * workload files and their selection by path, the config fragment and
 * the symbols kconfig refused, console logs (splats, profiler lines, the
 * init's results), the verdicts, and the initramfs writer.  The console
 * logs are written here, in the shape the kernel prints them.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fs.h"
#include "gcov.h"
#include "guest.h"
#include "kconfig.h"
#include "verify.h"
#include "verify_cache.h"

#include <stdlib.h>
#include <string.h>

static const char ext2_text[] =
	"# ext2: a comment\n"
	"paths   fs/ext2/ include/linux/ext2_fs.h\n"
	"config  EXT2_FS=y\n"
	"disk    32\n"
	"mkfs    mke2fs -q -t ext2 @IMAGE\n"
	"fsck    e2fsck -f -n @IMAGE\n"
	"run     fs ext2\n";

static void load(struct workloads *w)
{
	static const struct { const char *name, *text; } files[] = {
		{ "ext2", ext2_text },
		{ "brd", "paths drivers/block/brd.c\nconfig BLK_DEV_RAM=y\nrun blk /dev/ram0\n" },
		{ "crypto", "paths crypto/ include/crypto/\nconfig CRYPTO=y CRYPTO_MANAGER_DISABLE_TESTS=n\n"
			    "run crypto\n" },
		{ "boot", "paths *\nrun boot\n" },
	};

	*w = (struct workloads)WORKLOADS_INIT;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		ALLOC_GROW(w->v, w->nr, w->alloc);
		assert_int_equal(workload_parse(&w->v[w->nr++], files[i].name, "t", files[i].text), 0);
	}
}

static void test_workload_file(void **state)
{
	struct workloads w;
	const struct workload *e;

	(void)state;
	load(&w);
	e = workloads_find(&w, "ext2");
	assert_non_null(e);
	assert_int_equal(e->paths.nr, 2);
	assert_string_equal(e->config.v[0], "EXT2_FS=y");
	assert_int_equal(e->disk_mb, 32);
	assert_string_equal(e->mkfs.v[4], "@IMAGE");
	assert_string_equal(e->run, "fs ext2");
	workloads_release(&w);
}

static void bad_workload(const char *text)
{
	struct workloads w = WORKLOADS_INIT;

	ALLOC_GROW(w.v, w.nr, w.alloc);
	assert_true(workload_parse(&w.v[w.nr++], "bad", "bad.workload", text) < 0);
	workloads_release(&w);
}

static void test_bad_workload_files(void **state)
{
	(void)state;
	bad_workload("paths fs/\nrun frobnicate\n");		/* unknown action */
	bad_workload("paths fs/\nrun fs ext2\nflavour x\n");	/* unknown key */
	bad_workload("paths fs/\nconfig ext2_fs=y\nrun boot\n");	/* not SYMBOL=y */
	bad_workload("paths fs/\nconfig EXT2_FS=q\nrun boot\n");
	bad_workload("paths fs/\n");				/* no run */
	bad_workload("run boot\n");				/* no paths */
	bad_workload("paths fs/\ndisk 0\nrun boot\n");
	bad_workload("paths fs/\ndisk 8\nrun fs x\n");		/* a disk without mkfs */
	bad_workload("paths *\nkunit *\nrun boot\n");		/* every symbol */
	bad_workload("paths *\nkunit *_kunit_test\nrun boot\n");	/* not a symbol */
	bad_workload("paths *\nkunit CONFIG_X=y\nrun boot\n");
}

static void select_paths(const char *const *paths, const char *want)
{
	struct workloads w;
	struct strvec in = STRVEC_INIT, out = STRVEC_INIT;
	struct buf got = BUF_INIT;

	load(&w);
	strvec_pushv(&in, paths);
	workloads_select(&out, &w, &in);
	for (size_t i = 0; i < out.nr; i++)
		buf_printf(&got, "%s%s", i ? " " : "", out.v[i]);
	assert_string_equal(got.ptr, want);
	buf_release(&got);
	strvec_clear(&in);
	strvec_clear(&out);
	workloads_release(&w);
}

static void test_selection_by_path(void **state)
{
	(void)state;
	select_paths((const char *const[]){ "fs/ext2/dir.c", NULL }, "ext2");
	select_paths((const char *const[]){ "include/linux/ext2_fs.h", "crypto/ahash.c", NULL },
		     "ext2 crypto");
	select_paths((const char *const[]){ "drivers/block/brd.c", "fs/ext2/inode.c", NULL },
		     "ext2 brd");
	/* A prefix is a directory or the whole name, not a longer name. */
	select_paths((const char *const[]){ "drivers/block/brd.c.orig", NULL }, "boot");
	select_paths((const char *const[]){ "fs/ext2x/a.c", NULL }, "boot");
	select_paths((const char *const[]){ "mm/highmem.c", NULL }, "boot");
	select_paths((const char *const[]){ NULL }, "boot");
}

/* The bundled table: zram's driver and allocator select zram, jbd2 selects ext4. */
static void test_bundled_workloads(void **state)
{
	const char *dir = getenv("KMAP_LOCAL_VERIFY_DIR");
	struct workloads w = WORKLOADS_INIT;
	struct strvec in = STRVEC_INIT, out = STRVEC_INIT;
	const struct workload *z;

	(void)state;
	assert_int_equal(workloads_load(&w, dir && *dir ? dir : "verify", NULL), 0);
	assert_non_null(z = workloads_find(&w, "zram"));
	assert_string_equal(z->run, "zram zram0 16M");
	assert_non_null(z = workloads_find(&w, "swap"));
	assert_string_equal(z->run, "swap 32");
	assert_true(strvec_find(&z->config, "SWAP=y") >= 0);
	strvec_pushv(&in, (const char *const[]){ "drivers/block/zram/zram_drv.c", NULL });
	workloads_select(&out, &w, &in);
	assert_int_equal(out.nr, 2);
	assert_true(strvec_find(&out, "zram") >= 0 && strvec_find(&out, "swap") >= 0);
	strvec_clear(&out);
	strvec_clear(&in);
	strvec_push(&in, "mm/page_io.c");
	workloads_select(&out, &w, &in);
	assert_true(strvec_find(&out, "swap") >= 0 && strvec_find(&out, "zram") < 0);
	strvec_clear(&out);
	strvec_clear(&in);
	strvec_push(&in, "mm/zsmalloc.c");
	workloads_select(&out, &w, &in);
	assert_true(strvec_find(&out, "zram") >= 0);
	strvec_clear(&out);
	strvec_clear(&in);
	/* The KUnit fallback is never selected by a path, not even as the fallback. */
	assert_non_null(z = workloads_kunit(&w));
	assert_string_equal(z->name, "kunit");
	assert_true(strvec_find(&z->kunit, "*_KUNIT_TEST") >= 0);
	assert_true(strvec_find(&z->config, "KUNIT=y") >= 0);
	strvec_push(&in, "kernel/watch_queue.c");
	workloads_select(&out, &w, &in);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0], "boot");
	assert_false(workloads_cover(&w, "kernel/watch_queue.c"));
	assert_true(workloads_cover(&w, "fs/ext2/dir.c"));
	strvec_clear(&out);
	strvec_clear(&in);
	/* jbd2 is reached through ext4's journal */
	strvec_push(&in, "fs/jbd2/commit.c");
	workloads_select(&out, &w, &in);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0], "ext4");
	strvec_clear(&out);
	strvec_clear(&in);
	workloads_release(&w);
}

static void test_fragment(void **state)
{
	struct workloads w;
	struct strvec sel = STRVEC_INIT, objs = STRVEC_INIT, frag = STRVEC_INIT;

	(void)state;
	load(&w);
	strvec_pushv(&sel, (const char *const[]){ "ext2", "crypto", NULL });
	strvec_pushv(&objs, (const char *const[]){ "EXT2_FS", "MINIX_FS", "DEBUG_VM", NULL });
	verify_fragment(&frag, &w, &sel, &objs);
	assert_true(strvec_find(&frag, "HIGHMEM4G=y") >= 0);
	assert_true(strvec_find(&frag, "DEBUG_KERNEL=y") >= 0);
	assert_true(strvec_find(&frag, "DEBUG_KMAP_LOCAL_FORCE_MAP=y") >= 0);
	assert_true(strvec_find(&frag, "FUNCTION_PROFILER=y") >= 0);
	assert_true(strvec_find(&frag, "PROVE_LOCKING=y") >= 0);
	assert_true(strvec_find(&frag, "CRYPTO_MANAGER_DISABLE_TESTS=n") >= 0);
	assert_true(strvec_find(&frag, "MINIX_FS=y") >= 0);
	/* Each symbol once: EXT2_FS from the workload, DEBUG_VM from the base. */
	assert_int_equal(frag.nr - (size_t)strvec_find(&frag, "MINIX_FS=y"), 1);
	assert_true(strvec_find(&frag, "EXT2_FS=y") < strvec_find(&frag, "MINIX_FS=y"));
	strvec_clear(&sel);
	strvec_clear(&objs);
	strvec_clear(&frag);
	workloads_release(&w);
}

static void test_refused(void **state)
{
	struct strvec frag = STRVEC_INIT, out = STRVEC_INIT;
	const char *config = "CONFIG_DEBUG_KERNEL=y\n"
			     "# CONFIG_MINIX_FS is not set\n"
			     "# CONFIG_CRYPTO_MANAGER_DISABLE_TESTS is not set\n"
			     "CONFIG_EXT2_FS=m\n";

	(void)state;
	strvec_pushv(&frag, (const char *const[]){ "DEBUG_KERNEL=y", "MINIX_FS=y",
		     "CRYPTO_MANAGER_DISABLE_TESTS=n", "EXT2_FS=y", "DEBUG_VM=y", NULL });
	verify_refused(&out, config, &frag);
	assert_int_equal(out.nr, 3);
	assert_string_equal(out.v[0], "CONFIG_MINIX_FS=y");
	assert_string_equal(out.v[1], "CONFIG_EXT2_FS=y");
	assert_string_equal(out.v[2], "CONFIG_DEBUG_VM=y");
	strvec_clear(&frag);
	strvec_clear(&out);
}

/* A recorded console: init's lines, a FIFO-unmap WARN, a lockdep report. */
static const char console_log[] =
	"[    0.000000] Linux version 6.1.0 (gcc) #1 SMP PREEMPT\r\n"
	"[    0.912345] Run /init as init process\n"
	"KMAP-VERIFY init\n"
	"KMAP-VERIFY boot ext2_get_page 3\n"
	"KMAP-VERIFY untraceable ext2_inline_helper\n"
	"KMAP-VERIFY begin ext2\n"
	"[    1.234567] ------------[ cut here ]------------\n"
	"[    1.234568] WARNING: CPU: 0 PID: 1 at mm/highmem.c:592 kunmap_local_indexed+0x7a/0x90\n"
	"[    1.234569] Modules linked in:\n"
	"[    1.234570] EIP: kunmap_local_indexed+0x7a/0x90\n"
	"[    1.234571] Call Trace:\n"
	"[    1.234572]  ext2_readdir+0x1b2/0x3c0\n"
	"[    1.234573]  iterate_dir+0x8e/0x1a0\n"
	"[    1.234574] ---[ end trace 0000000000000000 ]---\n"
	"[    1.234575] not part of the splat\n"
	"[    1.300000] ======================================================\n"
	"[    1.300001] WARNING: possible circular locking dependency detected\n"
	"[    1.300002] 6.1.0 #1 Not tainted\n"
	"[    1.400000] BUG: sleeping function called from invalid context at fs/ext2/dir.c:123\n"
	"[    1.500000] BUG: using smp_processor_id() in preemptible [00000000] code: init/1\n"
	"[    1.600000] alg: self-tests for sha256-generic (sha256) passed\n"
	"[    1.600001] alg: self-tests for cbc(aes-generic) (cbc(aes)) failed (rc=-22)\n"
	"KMAP-VERIFY result ext2 ok 1a2b3c4d\n"
	"KMAP-VERIFY result brd fail 811c9dc5 read back\n"
	"KMAP-VERIFY hits ext2_get_page                          1234    5678.9 us     4.6 us\n"
	"KMAP-VERIFY hits ext2_readdir 7\n"
	"KMAP-VERIFY hits   Function  Hit  Time\n"
	"KMAP-VERIFY done\n"
	"[    2.000000] Kernel panic - not syncing: panic_on_warn set ...\n";

static void test_console(void **state)
{
	struct boot b = BOOT_INIT;

	(void)state;
	verify_parse_console(&b, console_log);
	assert_true(b.init_ran);
	assert_true(b.done);
	assert_true(b.panicked);
	assert_int_equal(b.nr_splats, 5);
	assert_string_equal(b.splats[0].key, "WARNING: CPU:  PID:  at mm/highmem.c: "
			    "kunmap_local_indexed+/");
	assert_non_null(strstr(b.splats[0].text, "ext2_readdir+0x1b2/0x3c0"));
	assert_non_null(strstr(b.splats[0].text, "---[ end trace"));
	assert_null(strstr(b.splats[0].text, "not part of the splat"));
	assert_string_equal(b.splats[1].text, "WARNING: possible circular locking dependency detected\n"
			    "6.1.0 #1 Not tainted");
	assert_non_null(strstr(b.splats[2].text, "BUG: sleeping function called"));
	assert_non_null(strstr(b.splats[3].text, "BUG: using smp_processor_id() in preemptible"));
	assert_non_null(strstr(b.splats[4].text, "cbc(aes-generic)"));
	assert_int_equal(boot_hits(&b, "ext2_get_page"), 1237);
	assert_int_equal(boot_hits(&b, "ext2_readdir"), 7);
	assert_int_equal(boot_hits(&b, "Function"), 0);
	assert_int_equal(b.untraceable.nr, 1);
	assert_string_equal(boot_result(&b, "ext2"), "ok 1a2b3c4d");
	assert_string_equal(boot_result(&b, "brd"), "fail 811c9dc5 read back");
	assert_null(boot_result(&b, "ext"));
	boot_release(&b);
}

static void test_console_cut_short(void **state)
{
	struct boot b = BOOT_INIT;

	(void)state;
	verify_parse_console(&b, "[    0.1] Linux version\nKMAP-VERIFY init\nKMAP-VERIFY begin ext2\n"
				 "KMAP-VERIFY hits ext2_get_page 12");
	assert_true(b.init_ran);
	assert_false(b.done);
	assert_int_equal(b.nr_splats, 0);
	assert_int_equal(boot_hits(&b, "ext2_get_page"), 12);
	boot_release(&b);
	verify_parse_console(&b, "");
	assert_false(b.init_ran);
	boot_release(&b);
}

/*
 * A WARN panics the kernel in the second of three workloads; a second run
 * of the kernel does the third.  The two consoles make one boot.
 */
static void test_console_continued(void **state)
{
	struct boot b = BOOT_INIT;
	struct strvec sel = STRVEC_INIT, rest = STRVEC_INIT;

	(void)state;
	strvec_push(&sel, "ext2");
	strvec_push(&sel, "brd");
	strvec_push(&sel, "crypto");
	verify_parse_console(&b, "KMAP-VERIFY init\nKMAP-VERIFY begin ext2\n"
				 "KMAP-VERIFY result ext2 ok 1a2b3c4d\n"
				 "KMAP-VERIFY hits ext2_get_page 12\n"
				 "KMAP-VERIFY begin brd\n"
				 "[    2.5] WARNING: CPU: 0 PID: 1 at mm/highmem.c:610 "
				 "kunmap_local_indexed+0xc0/0xe0\n"
				 "[    2.5] Kernel panic - not syncing: panic_on_warn set ...\n");
	assert_true(b.init_ran);
	assert_false(b.done);
	boot_remaining(&rest, &b, &sel);
	assert_int_equal(rest.nr, 1);
	assert_string_equal(rest.v[0], "crypto");
	verify_parse_console(&b, "KMAP-VERIFY init\nKMAP-VERIFY begin crypto\n"
				 "KMAP-VERIFY result crypto ok 00000007\n"
				 "KMAP-VERIFY hits ext2_get_page 3\n"
				 "KMAP-VERIFY hits shash_ahash_digest 40\nKMAP-VERIFY done\n");
	assert_true(b.done);
	assert_int_equal(b.nr_splats, 1);
	assert_int_equal(boot_hits(&b, "ext2_get_page"), 15);
	assert_int_equal(boot_hits(&b, "shash_ahash_digest"), 40);
	assert_string_equal(boot_result(&b, "ext2"), "ok 1a2b3c4d");
	assert_null(boot_result(&b, "brd"));
	assert_string_equal(boot_result(&b, "crypto"), "ok 00000007");
	strvec_clear(&rest);
	boot_remaining(&rest, &b, &sel);
	assert_int_equal(rest.nr, 0);
	strvec_clear(&rest);
	strvec_clear(&sel);
	boot_release(&b);
}

/*
 * gcov counters in hex: a later dump of the same run replaces the first,
 * one cut short (a panic) or with a bad line is never whole, and a second
 * run's dump of the same object is kept beside the first run's.
 */
static void test_console_gcda(void **state)
{
	struct boot b = BOOT_INIT;

	(void)state;
	b.runs = 1;
	verify_parse_console(&b, "KMAP-VERIFY init\n"
				 "KMAP-VERIFY gcda /sys/kernel/debug/gcov/b/fs/ext2/dir.gcda 3\n"
				 "KMAP-VERIFY gcdax 0a0b0c\nKMAP-VERIFY gcda-end\n"
				 "KMAP-VERIFY gcda /sys/kernel/debug/gcov/b/fs/ext2/dir.gcda 4\n"
				 "KMAP-VERIFY gcdax 01020304\nKMAP-VERIFY gcda-end\n"
				 "KMAP-VERIFY gcda /sys/kernel/debug/gcov/b/lib/iov_iter.gcda 4\n"
				 "KMAP-VERIFY gcdax 0102zz\n"
				 "KMAP-VERIFY gcda /sys/kernel/debug/gcov/b/drivers/block/brd.gcda 70\n"
				 "KMAP-VERIFY gcdax 0102\n"
				 "[    2.5] Kernel panic - not syncing: panic_on_warn set ...\n");
	b.runs = 2;
	verify_parse_console(&b, "KMAP-VERIFY init\n"
				 "KMAP-VERIFY gcda /sys/kernel/debug/gcov/b/fs/ext2/dir.gcda 2\n"
				 "KMAP-VERIFY gcdax ff00\nKMAP-VERIFY gcda-end\n"
				 "KMAP-VERIFY gcdax 0506\nKMAP-VERIFY done\n");
	assert_int_equal(b.nr_gcda, 4);
	assert_string_equal(b.gcda[0].path, "/sys/kernel/debug/gcov/b/fs/ext2/dir.gcda");
	assert_int_equal(b.gcda[0].want, 4);
	assert_int_equal(b.gcda[0].data.len, 4);
	assert_memory_equal(b.gcda[0].data.ptr, "\x01\x02\x03\x04", 4);
	assert_true(b.gcda[1].data.len != b.gcda[1].want);	/* a bad line */
	assert_true(b.gcda[2].data.len != b.gcda[2].want);	/* cut short */
	assert_int_equal(b.gcda[3].run, 2);
	assert_int_equal(b.gcda[3].data.len, 2);		/* nothing after gcda-end */
	boot_release(&b);
}

/* What gcc 12's gcov --json-format --stdout prints, shortened. */
static const char gcov_json[] =
	"{\"gcc_version\": \"12.2.0\", \"files\": [{\"lines\": [{\"branches\": [], \"count\": 1, "
	"\"line_number\": 2, \"unexecuted_block\": false, \"function_name\": \"copy_to_brd\"}], "
	"\"functions\": [{\"blocks\": 9, \"end_column\": 1, \"start_line\": 90, "
	"\"name\": \"copy_to_brd\", \"blocks_executed\": 9, \"execution_count\": 4097, "
	"\"demangled_name\": \"copy_to_brd\", \"start_column\": 13, \"end_line\": 120}, "
	"{\"blocks\": 3, \"end_column\": 1, \"start_line\": 130, \"name\": \"copy_from_brd\", "
	"\"blocks_executed\": 0, \"execution_count\": 0, \"demangled_name\": \"copy_from_brd\", "
	"\"start_column\": 13, \"end_line\": 150}], \"file\": \"drivers/block/brd.c\"}], "
	"\"format_version\": \"1\", \"current_working_directory\": \"/tmp\", "
	"\"data_file\": \"brd.gcda\"}";

/*
 * The record a re-run finds its kernels by: written and read back (a line
 * break in a reason flattened), keyed by the fragment and the make
 * arguments; an id that is not hex is no record.
 */
static void test_verify_cache(void **state)
{
	struct buf path = BUF_INIT, other = BUF_INIT, id = BUF_INIT, text = BUF_INIT;
	struct strvec frag = STRVEC_INIT, args = STRVEC_INIT, refused = STRVEC_INIT;
	struct strvec back = STRVEC_INIT;
	char dir[] = "/tmp/kmap-local-test-cache.XXXXXX";
	char *notes;
	git_oid base;

	(void)state;
	assert_non_null(mkdtemp(dir));
	git_oid_fromstr(&base, "597284f8dd5cc503abab1b9e94d4dc4e92bc8931");
	strvec_pushv(&frag, (const char *const[]){ "HIGHMEM4G=y", "EXT2_FS=y", NULL });
	verify_record_path(&path, dir, &base, &frag, &args);
	strvec_push(&args, "GCOV_PROFILE_dir.o=y");
	verify_record_path(&other, dir, &base, &frag, &args);
	assert_string_not_equal(path.ptr, other.ptr);
	assert_non_null(strstr(path.ptr, "/kmap-local-verify/597284f8dd5cc503abab1b9e94d4dc4e92bc8931-"));
	assert_false(verify_record_read(&id, &back, path.ptr));	/* none yet */
	strvec_push(&refused, "CONFIG_MINIX_FS=y (needs X,\nwhich is off)");
	assert_int_equal(verify_record_write(path.ptr, "1845e69afcd3", &refused), 0);
	buf_reset(&id);
	assert_true(verify_record_read(&id, &back, path.ptr));
	assert_string_equal(id.ptr, "1845e69afcd3");
	assert_int_equal(back.nr, 1);
	assert_string_equal(back.v[0], "CONFIG_MINIX_FS=y (needs X, which is off)");
	buf_puts(&text, "config ../../x\n");
	assert_int_equal(buf_write_file_atomic(&text, other.ptr), 0);
	buf_reset(&id);
	assert_false(verify_record_read(&id, &back, other.ptr));
	buf_reset(&path);
	verify_image_path(&path, "/b", &base, "1845e69afcd3");
	assert_string_equal(path.ptr, "/b/kmap-local-verify/597284f8dd5cc503abab1b9e94d4dc4e92bc8931"
			    "-1845e69afcd3.bzImage");
	notes = verify_notes_dir(path.ptr);
	assert_string_equal(notes, "/b/kmap-local-verify/597284f8dd5cc503abab1b9e94d4dc4e92bc8931"
			    "-1845e69afcd3.gcno");
	free(notes);
	remove_tree(dir);
	buf_release(&path);
	buf_release(&other);
	buf_release(&id);
	buf_release(&text);
	strvec_clear(&frag);
	strvec_clear(&args);
	strvec_clear(&refused);
	strvec_clear(&back);
}

/* trace_stat/function0 as the kernel prints it, header and all. */
static void test_profile_lines(void **state)
{
	struct boot b = BOOT_INIT;

	(void)state;
	assert_false(verify_parse_profile_line(&b, "  Function                               Hit    "
					       "Time            Avg             s^2"));
	assert_false(verify_parse_profile_line(&b, "  --------                               ---    "
					       "----            ---             ---"));
	assert_true(verify_parse_profile_line(&b, "  ext2_get_page                          2048    "
					      "1203.551 us     0.587 us        0.123 us"));
	assert_true(verify_parse_profile_line(&b, "  ext2_get_page 2"));
	assert_true(verify_parse_profile_line(&b, "  copy_to_brd.isra.0                     10"));
	assert_false(verify_parse_profile_line(&b, "  ext2_get_page 12x"));
	assert_false(verify_parse_profile_line(&b, "  12 ext2_get_page"));
	assert_false(verify_parse_profile_line(&b, ""));
	assert_int_equal(boot_hits(&b, "ext2_get_page"), 2050);
	assert_int_equal(boot_hits(&b, "copy_to_brd"), 10);
	/* the profiler cuts names at 30 characters; the boot trace does not */
	assert_true(verify_parse_profile_line(&b, "  jbd2_journal_write_metadata_bu        1741    "
					      "116000.0 us     66.628 us       299006.3 us"));
	assert_true(verify_parse_profile_line(&b, "jbd2_journal_write_metadata_buffer 3"));
	assert_int_equal(boot_hits(&b, "jbd2_journal_write_metadata_buffer"), 1744);
	assert_int_equal(boot_hits(&b, "jbd2_journal_write_metadata_bu"), 1741);
	assert_int_equal(boot_hits(&b, "jbd2_journal_write_metadata_bufferx"), 1741);
	assert_int_equal(boot_hits(&b, "jbd2_journal_write"), 0);
	/* an absurd count stays the largest, alone or added to a cut name's */
	assert_true(verify_parse_profile_line(&b, "jbd2_journal_write_metadata_bu "
					      "99999999999999999999999"));
	assert_true(verify_parse_profile_line(&b, "jbd2_journal_write_metadata_bu 5"));
	assert_true(boot_hits(&b, "jbd2_journal_write_metadata_bu") == ULONG_MAX);
	assert_true(boot_hits(&b, "jbd2_journal_write_metadata_buffer") == ULONG_MAX);
	boot_release(&b);
}

static void add_commit(struct verify_run *run, const char *subject, const char *path,
		       const char *const *fns)
{
	struct verify_commit *vc;

	ALLOC_GROW(run->v, run->nr, run->alloc);
	vc = &run->v[run->nr++];
	*vc = (struct verify_commit){ { { 0 } }, xstrdup(subject), STRVEC_INIT, STRVEC_INIT,
				      STRVEC_INIT, NULL, 0, 0, VERIFY_NOT_EXERCISED, BUF_INIT,
				      STRVEC_INIT, STRVEC_INIT };
	strvec_push(&vc->paths, path);
	for (; *fns; fns++) {
		ALLOC_GROW(vc->fns, vc->nr_fns, vc->alloc_fns);
		vc->fns[vc->nr_fns++] = (struct verify_fn){ xstrdup(*fns), xstrdup(path), 0, false, false,
							    false, false };
	}
}

static void test_judge(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	struct buf out = BUF_INIT;

	(void)state;
	load(&w);
	add_commit(&run, "ext2: Convert", "fs/ext2/dir.c",
		   (const char *const[]){ "ext2_readdir", "ext2_get_page", NULL });
	add_commit(&run, "brd: Convert", "drivers/block/brd.c",
		   (const char *const[]){ "copy_to_brd", NULL });
	add_commit(&run, "crypto: Convert", "crypto/ahash.c",
		   (const char *const[]){ "crypto_hash_walk_done", NULL });
	strvec_pushv(&run.workloads, (const char *const[]){ "ext2", "brd", "crypto", NULL });
	verify_parse_console(&run.boots[0],
			     "KMAP-VERIFY init\nKMAP-VERIFY result ext2 ok 1\n"
			     "KMAP-VERIFY result brd ok 2\nKMAP-VERIFY result crypto ok 3\n"
			     "WARNING: possible recursive locking detected\nKMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], console_log);
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_FAILED);
	assert_non_null(strstr(run.v[0].detail.ptr, "kunmap_local_indexed"));
	assert_non_null(strstr(run.v[0].detail.ptr, "(in ext2_readdir)"));
	assert_int_equal(run.v[0].fns[1].hits, 1237);
	assert_true(run.v[0].fns[0].in_splat);
	/* The lockdep report names no function: it fails every commit, and brd's result differs. */
	assert_int_equal(run.v[1].status, VERIFY_FAILED);
	assert_non_null(strstr(run.v[1].detail.ptr, "workload brd: base ok 2, tip fail"));
	assert_int_equal(run.v[2].status, VERIFY_FAILED);
	assert_true(verify_any_failed(&run));
	verify_format(&out, &run, NULL, 0);
	assert_non_null(strstr(out.ptr, "ext2_get_page                    ran 1237 times"));
	assert_non_null(strstr(out.ptr, "copy_to_brd                      not exercised\n"));
	assert_non_null(strstr(out.ptr, "converted functions exercised at run time: 2 of 4; "
				"3 commits failed"));
	buf_release(&out);
	verify_run_release(&run);
	workloads_release(&w);
}

/*
 * kconfig refused one of the crypto commit's two symbols: the commit is
 * judged by the part that was built (its function ran), the detail names
 * what was left out.  The omap-only commit is not in the tip at all.
 */
static void test_judge_partly_refused(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;

	(void)state;
	load(&w);
	add_commit(&run, "crypto: Convert", "crypto/shash.c",
		   (const char *const[]){ "shash_ahash_digest", NULL });
	strvec_pushv(&run.v[0].symbols, (const char *const[]){ "CRYPTO_HASH", "CRYPTO_DEV_OMAP",
								 NULL });
	add_commit(&run, "crypto: omap: Convert", "drivers/crypto/omap-sham.c",
		   (const char *const[]){ "omap_sham_copy_ready", NULL });
	strvec_push(&run.v[1].symbols, "CRYPTO_DEV_OMAP");
	strvec_push(&run.refused, "CONFIG_CRYPTO_DEV_OMAP=y");
	strvec_push(&run.workloads, "crypto");
	verify_parse_console(&run.boots[0], "KMAP-VERIFY init\nKMAP-VERIFY result crypto ok 3\n"
			     "KMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], "KMAP-VERIFY init\nKMAP-VERIFY result crypto ok 3\n"
			     "KMAP-VERIFY hits shash_ahash_digest 1649\nKMAP-VERIFY done\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_OK);
	assert_non_null(strstr(run.v[0].detail.ptr,
			       "only partly built: needs CONFIG_CRYPTO_DEV_OMAP=y, which kconfig refused on i386"));
	assert_int_equal(run.v[1].status, VERIFY_NOT_BUILT);
	assert_non_null(strstr(run.v[1].detail.ptr, "needs CONFIG_CRYPTO_DEV_OMAP=y, which kconfig "
			       "refused on i386"));
	verify_run_release(&run);
	workloads_release(&w);
}

/*
 * Code of another arch is not in the i386 kernel: a commit that changes
 * only that is not-built, with the arch named; a mixed one is judged by its
 * common code (a namesake's calls in the tip are not the arm function's).
 */
static void test_judge_other_arch(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	struct buf out = BUF_INIT;

	(void)state;
	load(&w);
	assert_int_equal(verify_other_arch("arch/arm/mm/flush.c"), 8);
	assert_int_equal(verify_other_arch("arch/um/kernel/skas/uaccess.c"), 7);
	assert_int_equal(verify_other_arch("arch/x86/mm/highmem_32.c"), 0);
	assert_int_equal(verify_other_arch("arch/Kconfig"), 0);
	assert_int_equal(verify_other_arch("mm/highmem.c"), 0);
	add_commit(&run, "arm: Convert", "arch/arm/mm/flush.c",
		   (const char *const[]){ "__flush_dcache_page", NULL });
	add_commit(&run, "mips, mm: Convert", "arch/mips/mm/cache.c",
		   (const char *const[]){ "__update_cache", NULL });
	strvec_push(&run.v[1].paths, "mm/highmem.c");
	ALLOC_GROW(run.v[1].fns, run.v[1].nr_fns, run.v[1].alloc_fns);
	run.v[1].fns[run.v[1].nr_fns++] = (struct verify_fn){ xstrdup("kmap_high"),
							      xstrdup("mm/highmem.c"), 0, false,
							      false, false, false };
	add_commit(&run, "x86: Convert", "arch/x86/mm/highmem_32.c",
		   (const char *const[]){ "kmap_atomic_pfn", NULL });
	add_commit(&run, "arm, sparc: Convert", "arch/arm/mm/copypage-v4wt.c",
		   (const char *const[]){ "v4wt_copy_user_highpage", NULL });
	strvec_push(&run.v[3].paths, "arch/sparc/mm/io-unit.c");
	strvec_push(&run.v[3].paths, "include/linux/highmem.h");
	strvec_push(&run.workloads, "boot");
	verify_parse_console(&run.boots[0], "KMAP-VERIFY init\nKMAP-VERIFY result boot ok 1\n"
			     "KMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], "KMAP-VERIFY init\nKMAP-VERIFY result boot ok 1\n"
			     "KMAP-VERIFY hits kmap_high 12\nKMAP-VERIFY hits __update_cache 3\n"
			     "KMAP-VERIFY done\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_NOT_BUILT);
	assert_string_equal(run.v[0].detail.ptr, "arch/arm code: verify boots i386 only");
	assert_int_equal(run.v[1].status, VERIFY_OK);
	assert_string_equal(run.v[1].detail.ptr,
			    "only partly built: arch/mips code: verify boots i386 only");
	assert_int_equal(run.v[1].fns[0].hits, 0);
	assert_int_equal(run.v[1].fns[1].hits, 12);
	assert_int_equal(run.v[2].status, VERIFY_NOT_EXERCISED);
	assert_int_equal(run.v[3].status, VERIFY_NOT_BUILT);
	assert_string_equal(run.v[3].detail.ptr,
			    "arch/arm, arch/sparc code: verify boots i386 only");
	verify_format(&out, &run, NULL, 0);
	assert_non_null(strstr(out.ptr, "    __update_cache                   not built (another arch's code)\n"));
	assert_non_null(strstr(out.ptr, "1 ok, 0 failed, 1 not-exercised, 2 not-built\n"));
	buf_release(&out);
	verify_run_release(&run);
	workloads_release(&w);
}

/*
 * gcov's counts judge a function ftrace could not see (inlined): the
 * commit is ok and the function says how it was counted.  The make
 * arguments profile each object once, keyed by its file name.
 */
static void test_judge_by_gcov(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	struct strvec objects = STRVEC_INIT, args = STRVEC_INIT;
	struct buf out = BUF_INIT;
	unsigned long n = 1;

	(void)state;
	load(&w);
	strvec_pushv(&objects, (const char *const[]){ "fs/ext2/dir.o", "fs/minix/dir.o",
						       "drivers/block/brd.o", NULL });
	gcov_make_args(&args, &objects);
	assert_int_equal(args.nr, 3);
	assert_string_equal(args.v[0], "CFLAGS_GCOV=" GCOV_CFLAGS);
	assert_string_equal(args.v[1], "GCOV_PROFILE_dir.o=$(if $(filter fs/ext2 fs/minix,$(obj)),y)");
	assert_string_equal(args.v[2], "GCOV_PROFILE_brd.o=$(if $(filter drivers/block,$(obj)),y)");
	gcov_guest_path(&out, "/c/build/x", "drivers/block/brd.o");
	assert_string_equal(out.ptr, "/sys/kernel/debug/gcov/c/build/x/drivers/block/brd.gcda");
	buf_reset(&out);

	add_commit(&run, "block: Convert", "drivers/block/brd.c",
		   (const char *const[]){ "copy_to_brd", "copy_from_brd", NULL });
	strvec_push(&run.workloads, "brd");
	verify_parse_console(&run.boots[0], "KMAP-VERIFY init\nKMAP-VERIFY result brd ok 9\n"
			     "KMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], "KMAP-VERIFY init\n"
			     "KMAP-VERIFY untraceable copy_to_brd\n"
			     "KMAP-VERIFY untraceable copy_from_brd\n"
			     "KMAP-VERIFY result brd ok 9\nKMAP-VERIFY done\n");
	gcov_parse_json(&run.boots[1], "drivers/block/brd.o", gcov_json);
	assert_true(boot_gcov(&run.boots[1], "drivers/block/brd.o", "copy_from_brd", &n));
	assert_int_equal(n, 0);
	assert_false(boot_gcov(&run.boots[1], "fs/ext2/dir.o", "copy_to_brd", &n));
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_OK);
	assert_int_equal(run.v[0].fns[0].hits, 4097);
	assert_true(run.v[0].fns[0].by_gcov);
	assert_false(run.v[0].fns[1].by_gcov);
	verify_format(&out, &run, NULL, 0);
	assert_non_null(strstr(out.ptr, "    copy_to_brd                      ran 4097 times (gcov)\n"));
	assert_non_null(strstr(out.ptr, "    copy_from_brd                    not exercised (not traceable"));
	buf_reset(&out);
	verify_json(&out, &run);
	assert_non_null(strstr(out.ptr, "\"hits\": 4097, \"counted_by\": \"gcov\""));
	buf_release(&out);
	strvec_clear(&objects);
	strvec_clear(&args);
	verify_run_release(&run);
	workloads_release(&w);
}

/*
 * A WARN in ext2_readdir panics the tip in the ext2 workload; a second run
 * does crypto.  The other ext2 commit is not blamed for the result the
 * panic cut off.
 */
static void test_judge_panic_in_workload(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;

	(void)state;
	load(&w);
	add_commit(&run, "ext2: Convert dir", "fs/ext2/dir.c",
		   (const char *const[]){ "ext2_readdir", NULL });
	add_commit(&run, "ext2: Convert inode", "fs/ext2/inode.c",
		   (const char *const[]){ "ext2_write_begin", NULL });
	add_commit(&run, "crypto: Convert", "crypto/ahash.c",
		   (const char *const[]){ "crypto_hash_walk_done", NULL });
	strvec_pushv(&run.workloads, (const char *const[]){ "ext2", "crypto", NULL });
	verify_parse_console(&run.boots[0],
			     "KMAP-VERIFY init\nKMAP-VERIFY begin ext2\nKMAP-VERIFY result ext2 ok 1\n"
			     "KMAP-VERIFY begin crypto\nKMAP-VERIFY result crypto ok 3\n"
			     "KMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1],
			     "KMAP-VERIFY init\nKMAP-VERIFY begin ext2\n"
			     "WARNING: CPU: 0 PID: 1 at mm/highmem.c:610 kunmap_local_indexed+0xc0/0xe0\n"
			     "Call Trace:\n ext2_readdir+0x1b2/0x3c0\n"
			     "Kernel panic - not syncing: panic_on_warn set ...\n");
	verify_parse_console(&run.boots[1],
			     "KMAP-VERIFY init\nKMAP-VERIFY begin crypto\n"
			     "KMAP-VERIFY result crypto ok 3\n"
			     "KMAP-VERIFY hits crypto_hash_walk_done 8\nKMAP-VERIFY done\n");
	assert_string_equal(run.boots[1].splats[0].workload, "ext2");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_FAILED);
	assert_non_null(strstr(run.v[0].detail.ptr, "(in ext2_readdir)"));
	assert_int_equal(run.v[1].status, VERIFY_NOT_EXERCISED);
	assert_int_equal(run.v[2].status, VERIFY_OK);
	verify_run_release(&run);
	workloads_release(&w);
}

static void test_judge_clean(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	struct buf out = BUF_INIT;
	const char *boot = "WARNING: CPU: 0 PID: 0 at kernel/x.c:1 f+0x1/0x2\nKMAP-VERIFY init\n"
			   "KMAP-VERIFY result ext2 ok 1\nKMAP-VERIFY hits ext2_readdir 5\n"
			   "KMAP-VERIFY done\n";

	(void)state;
	load(&w);
	add_commit(&run, "ext2: Convert", "fs/ext2/dir.c",
		   (const char *const[]){ "ext2_readdir", "ext2_get_page", NULL });
	add_commit(&run, "brd: Convert", "drivers/block/brd.c",
		   (const char *const[]){ "copy_to_brd", NULL });
	strvec_pushv(&run.workloads, (const char *const[]){ "ext2", NULL });
	verify_parse_console(&run.boots[0], boot);
	verify_parse_console(&run.boots[1], boot);
	verify_judge(&run, &w);
	/* The WARN was there at the base too: not the conversion's. */
	assert_int_equal(run.v[0].status, VERIFY_OK);
	assert_int_equal(run.v[1].status, VERIFY_NOT_EXERCISED);
	assert_false(verify_any_failed(&run));
	verify_summary_line(&out, &run);
	assert_string_equal(out.ptr, "converted functions exercised at run time: 1 of 3; no warnings\n");
	buf_reset(&out);
	verify_json(&out, &run);
	assert_non_null(strstr(out.ptr, "\"status\": \"not-exercised\""));
	assert_non_null(strstr(out.ptr, "\"functions\": 3, \"exercised\": 1, \"failed\": 0"));
	buf_release(&out);
	verify_run_release(&run);
	workloads_release(&w);
}

static const char kunit_base[] =
	"[ 1.0] KTAP version 1\n[ 1.0] 1..2\n"
	"[ 1.1]     # Subtest: sysctl_test\n[ 1.1]     1..2\n"
	"[ 1.2]     ok 1 sysctl_test_api_dointvec_null_tbl_data\n"
	"[ 1.3]     ok 2 sysctl_test_api_dointvec_table_maxlen_unset\n"
	"[ 1.4] ok 1 sysctl_test\n"
	"[ 1.5]     # Subtest: resource\n[ 1.5]     1..1\n"
	"[ 1.6]     not ok 1 resource_test_union\n[ 1.7] not ok 2 resource\n"
	"KMAP-VERIFY init\nKMAP-VERIFY done\n";

/*
 * KUnit: a test the base passed and the tip fails fails the commit whose
 * directory has its suite, naming the test and its diagnostics; the other
 * commit with suites is not blamed; a test that fails on the base too is
 * no one's; a suite that did not finish on the tip fails like a failure.
 */
static void test_judge_kunit(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	struct buf out = BUF_INIT;

	(void)state;
	load(&w);
	add_commit(&run, "kernel/watch_queue: Convert", "kernel/watch_queue.c",
		   (const char *const[]){ "post_one_notification", NULL });
	strvec_pushv(&run.v[0].kunit_symbols,
		     (const char *const[]){ "SYSCTL_KUNIT_TEST", "RESOURCE_KUNIT_TEST", NULL });
	strvec_pushv(&run.v[0].kunit_suites, (const char *const[]){ "sysctl_test", "resource", NULL });
	add_commit(&run, "kernel/events: Convert", "kernel/events/uprobes.c",
		   (const char *const[]){ "__replace_page", NULL });
	strvec_push(&run.v[1].kunit_symbols, "HW_BREAKPOINT_KUNIT_TEST");
	strvec_push(&run.v[1].kunit_suites, "hw_breakpoint");
	verify_parse_console(&run.boots[0], kunit_base);
	verify_parse_console(&run.boots[1],
			     "[ 1.0] KTAP version 1\n[ 1.0] 1..2\n"
			     "[ 1.1]     # Subtest: sysctl_test\n[ 1.1]     1..2\n"
			     "[ 1.2]     ok 1 sysctl_test_api_dointvec_null_tbl_data\n"
			     "[ 1.3]     # sysctl_test_api_dointvec_table_maxlen_unset: EXPECTATION"
			     " FAILED at kernel/sysctl-test.c:51\n"
			     "[ 1.3]     not ok 2 sysctl_test_api_dointvec_table_maxlen_unset\n"
			     "[ 1.4] not ok 1 sysctl_test\n"
			     "[ 1.5]     # Subtest: resource\n[ 1.5]     1..1\n"
			     "[ 1.6]     not ok 1 resource_test_union\n[ 1.7] not ok 2 resource\n"
			     "KMAP-VERIFY init\nKMAP-VERIFY hits post_one_notification 3\n"
			     "KMAP-VERIFY done\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_FAILED);
	assert_string_equal(run.v[0].detail.ptr,
			    "KUnit test sysctl_test.sysctl_test_api_dointvec_table_maxlen_unset failed"
			    " on the tip (ok on the base)\n"
			    "# sysctl_test_api_dointvec_table_maxlen_unset: EXPECTATION FAILED at"
			    " kernel/sysctl-test.c:51");
	assert_int_equal(run.v[1].status, VERIFY_NOT_EXERCISED);
	verify_format(&out, &run, NULL, 0);
	assert_non_null(strstr(out.ptr, "KUnit on the base: 2 suites, 3 test cases: 2 ok, 1 failed,"
				" 0 skipped, 0 incomplete\n"));
	assert_non_null(strstr(out.ptr, "KUnit on the tip: 2 suites, 3 test cases: 1 ok, 2 failed,"));
	assert_non_null(strstr(out.ptr, "    KUnit suites: sysctl_test, resource "
				"(CONFIG_SYSCTL_KUNIT_TEST, CONFIG_RESOURCE_KUNIT_TEST)\n"));
	buf_reset(&out);
	verify_json(&out, &run);
	assert_non_null(strstr(out.ptr, "\"kunit\": {\"suites\": 2, \"cases\": 3, \"ok\": 1, "
				"\"failed\": 2, \"skipped\": 0, \"incomplete\": 0, \"not_ok\": "
				"[\"sysctl_test.sysctl_test_api_dointvec_table_maxlen_unset\", "
				"\"sysctl_test\", \"resource.resource_test_union\", \"resource\"]}"));
	assert_non_null(strstr(out.ptr, "\"kunit_suites\": [\"hw_breakpoint\"]"));
	buf_release(&out);
	verify_run_release(&run);

	/*
	 * The tip stopped in hw_breakpoint's suite: that stops every commit,
	 * and the suite that did not finish is named on its own commit only.
	 */
	add_commit(&run, "kernel/watch_queue: Convert", "kernel/watch_queue.c",
		   (const char *const[]){ "post_one_notification", NULL });
	strvec_push(&run.v[0].kunit_suites, "sysctl_test");
	strvec_push(&run.v[0].kunit_symbols, "SYSCTL_KUNIT_TEST");
	add_commit(&run, "kernel/events: Convert", "kernel/events/uprobes.c",
		   (const char *const[]){ "__replace_page", NULL });
	strvec_push(&run.v[1].kunit_suites, "hw_breakpoint");
	strvec_push(&run.v[1].kunit_symbols, "HW_BREAKPOINT_KUNIT_TEST");
	verify_parse_console(&run.boots[0], "KTAP version 1\n1..1\n    # Subtest: hw_breakpoint\n"
				 "    ok 1 test_one_cpu\nok 1 hw_breakpoint\nKMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], "KTAP version 1\n1..1\n    # Subtest: hw_breakpoint\n"
				 "    ok 1 test_one_cpu\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_FAILED);
	assert_null(strstr(run.v[0].detail.ptr, "KUnit"));
	assert_int_equal(run.v[1].status, VERIFY_FAILED);
	assert_non_null(strstr(run.v[1].detail.ptr, "KUnit test hw_breakpoint did not finish on the tip"
				" (ok on the base)"));
	verify_run_release(&run);

	/*
	 * Two commits of one directory own sysctl_test: the one whose
	 * converted code ran is blamed, not the one whose code never ran.
	 */
	add_commit(&run, "kernel/watch_queue: Convert", "kernel/watch_queue.c",
		   (const char *const[]){ "post_one_notification", NULL });
	add_commit(&run, "kernel/sysctl: Convert", "kernel/sysctl.c",
		   (const char *const[]){ "proc_put_long", NULL });
	for (size_t i = 0; i < 2; i++) {
		strvec_push(&run.v[i].kunit_suites, "sysctl_test");
		strvec_push(&run.v[i].kunit_symbols, "SYSCTL_KUNIT_TEST");
	}
	verify_parse_console(&run.boots[0], kunit_base);
	verify_parse_console(&run.boots[1],
			     "KTAP version 1\n1..1\n    # Subtest: sysctl_test\n"
			     "    not ok 1 sysctl_test_dointvec_read_happy_single_negative\n"
			     "not ok 1 sysctl_test\nKMAP-VERIFY init\n"
			     "KMAP-VERIFY hits proc_put_long 2\nKMAP-VERIFY done\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_NOT_EXERCISED);
	assert_int_equal(run.v[1].status, VERIFY_FAILED);
	assert_non_null(strstr(run.v[1].detail.ptr, "KUnit test sysctl_test.sysctl_test_dointvec_read"
				"_happy_single_negative failed on the tip (not run on the base)"));
	verify_run_release(&run);
	workloads_release(&w);
}

/* A refused KUnit suite is named in its commit's detail; the commit is judged as before. */
static void test_judge_kunit_refused(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct workloads w;
	const char *boot = "KMAP-VERIFY init\nKMAP-VERIFY hits __replace_page 2\nKMAP-VERIFY done\n";

	(void)state;
	load(&w);
	add_commit(&run, "kernel/events: Convert", "kernel/events/uprobes.c",
		   (const char *const[]){ "__replace_page", NULL });
	strvec_push(&run.v[0].symbols, "UPROBES");
	strvec_push(&run.v[0].kunit_symbols, "HW_BREAKPOINT_KUNIT_TEST");
	strvec_push(&run.refused, "CONFIG_HW_BREAKPOINT_KUNIT_TEST=y (lib/Kconfig.debug: needs "
		    "HAVE_HW_BREAKPOINT, which is off)");
	verify_parse_console(&run.boots[0], boot);
	verify_parse_console(&run.boots[1], boot);
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_OK);
	assert_string_equal(run.v[0].detail.ptr, "KUnit suites not built: CONFIG_HW_BREAKPOINT_KUNIT_TEST=y"
			    " (lib/Kconfig.debug: needs HAVE_HW_BREAKPOINT, which is off)");
	verify_run_release(&run);
	workloads_release(&w);
}

/*
 * One commit does not compile in the tip: make's error names its object;
 * it is not-built with its own diagnostic, and nothing else is blamed on it.
 */
static void test_tip_build_failure(void **state)
{
	struct verify_run run = VERIFY_RUN_INIT;
	struct strvec failed = STRVEC_INIT;
	struct workloads w;
	const char *err =
		"fs/ext2/dir.c:120:2: error: implicit declaration of function 'kunmap_locl'\n"
		"make[4]: *** [/src/scripts/Makefile.build:250: fs/ext2/dir.o] Error 1\n"
		"make[3]: *** [/src/scripts/Makefile.build:500: fs/ext2] Error 2\n"
		"make[4]: *** [/src/scripts/Makefile.build:250: fs/ext2/dir.o] Error 1\n"
		"make[1]: *** [/src/Makefile:1992: .] Error 2\n"
		"make: *** [Makefile:234: __sub-make] Error 2\n";

	(void)state;
	load(&w);
	verify_failed_objects(&failed, err);
	assert_int_equal(failed.nr, 1);
	assert_string_equal(failed.v[0], "fs/ext2/dir.o");
	add_commit(&run, "ext2: Convert", "fs/ext2/dir.c",
		   (const char *const[]){ "ext2_readdir", NULL });
	strvec_push(&run.v[0].objects, "fs/ext2/dir.o");
	add_commit(&run, "brd: Convert", "drivers/block/brd.c",
		   (const char *const[]){ "brd_do_bvec", NULL });
	strvec_push(&run.v[1].objects, "drivers/block/brd.o");
	assert_int_equal(verify_drop_commits(&run, &failed, err), 1);
	assert_int_equal(verify_drop_commits(&run, &failed, err), 0);
	assert_int_equal(run.v[0].status, VERIFY_NOT_BUILT);
	assert_string_equal(run.v[0].detail.ptr, "it does not build in the tip kernel:\n"
			    "fs/ext2/dir.c:120:2: error: implicit declaration of function "
			    "'kunmap_locl'");
	assert_int_equal(run.v[1].status, VERIFY_NOT_EXERCISED);
	/* The tip (without it) boots; its base code warns, and brd's function ran. */
	strvec_push(&run.workloads, "boot");
	verify_parse_console(&run.boots[0], "KMAP-VERIFY init\nKMAP-VERIFY result boot ok 1\n"
				 "KMAP-VERIFY done\n");
	verify_parse_console(&run.boots[1], "KMAP-VERIFY init\nKMAP-VERIFY result boot ok 1\n"
				 "KMAP-VERIFY hits ext2_readdir 4\nKMAP-VERIFY hits brd_do_bvec 9\n"
				 "WARNING: CPU: 0 PID: 1 at fs/ext2/dir.c:9 ext2_readdir+0x1/0x2\n"
				 "KMAP-VERIFY done\n");
	verify_judge(&run, &w);
	assert_int_equal(run.v[0].status, VERIFY_NOT_BUILT);
	assert_int_equal(run.v[0].fns[0].hits, 0);
	assert_int_equal(run.v[1].status, VERIFY_FAILED);	/* the splat names no other function */
	assert_int_equal(run.v[1].fns[0].hits, 9);
	strvec_clear(&failed);
	verify_run_release(&run);
	workloads_release(&w);
}

static void write_text(const char *path, const char *text)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, text);
	assert_int_equal(write_file_p(path, b.ptr, b.len), 0);
	buf_release(&b);
}

/* Why a symbol did not take: a menu's "if" around the "source" line. */
static void test_kconfig_why(void **state)
{
	char dir[] = "/tmp/test-verify.XXXXXX";
	struct buf path = BUF_INIT, why = BUF_INIT;
	struct kconfig_files k = KCONFIG_FILES_INIT;
	const char *config = "CONFIG_BLOCK=y\n# CONFIG_MISC_FILESYSTEMS is not set\n";

	(void)state;
	assert_non_null(mkdtemp(dir));
	buf_printf(&path, "%s/fs/Kconfig", dir);
	write_text(path.ptr, "menuconfig MISC_FILESYSTEMS\n\tbool \"Misc\"\n\n"
		   "if MISC_FILESYSTEMS\nsource \"fs/minix/Kconfig\"\nendif\n");
	buf_reset(&path);
	buf_printf(&path, "%s/fs/minix/Kconfig", dir);
	write_text(path.ptr, "config MINIX_FS\n\ttristate \"Minix\"\n\tdepends on BLOCK\n"
		   "\thelp\n\t  text\n\nconfig OTHER\n\tdepends on NOPE\n");
	kconfig_files_load(&k, dir);
	assert_int_equal(k.names.nr, 2);
	kconfig_why(&why, &k, config, "MINIX_FS");
	assert_string_equal(why.ptr, "fs/minix/Kconfig: needs MISC_FILESYSTEMS, which is off");
	buf_reset(&why);
	kconfig_why(&why, &k, config, "OTHER");
	assert_string_equal(why.ptr, "fs/minix/Kconfig: needs NOPE, MISC_FILESYSTEMS, which are off");
	buf_reset(&why);
	kconfig_why(&why, &k, config, "MISSING");
	assert_string_equal(why.ptr, "no Kconfig file defines MISSING");
	kconfig_files_release(&k);
	remove_tree(dir);
	buf_release(&path);
	buf_release(&why);
}

static void test_cpio(void **state)
{
	struct buf out = BUF_INIT;
	const struct cpio_entry e[] = {
		{ "dev/console", 020600, NULL, 0, 5, 1 },
		{ "init", 0100755, "abcde", 5, 0, 0 },
	};

	(void)state;
	guest_cpio(&out, e, 2);
	assert_int_equal(out.len % 4, 0);
	assert_memory_equal(out.ptr, "070701", 6);
	/* mode, then rdevmajor/rdevminor of the console */
	assert_memory_equal(out.ptr + 14, "00002180", 8);
	assert_memory_equal(out.ptr + 78, "0000000500000001", 16);
	assert_memory_equal(out.ptr + 110, "dev/console", 12);
	assert_non_null(memmem(out.ptr, out.len, "init\0\0abcde", 11));
	assert_non_null(memmem(out.ptr, out.len, "TRAILER!!!", 10));
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workload_file),
		cmocka_unit_test(test_bad_workload_files),
		cmocka_unit_test(test_selection_by_path),
		cmocka_unit_test(test_bundled_workloads),
		cmocka_unit_test(test_fragment),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_judge_partly_refused),
		cmocka_unit_test(test_judge_other_arch),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_console_cut_short),
		cmocka_unit_test(test_console_continued),
		cmocka_unit_test(test_console_gcda),
		cmocka_unit_test(test_verify_cache),
		cmocka_unit_test(test_profile_lines),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_judge_panic_in_workload),
		cmocka_unit_test(test_judge_clean),
		cmocka_unit_test(test_judge_kunit),
		cmocka_unit_test(test_judge_kunit_refused),
		cmocka_unit_test(test_judge_by_gcov),
		cmocka_unit_test(test_tip_build_failure),
		cmocka_unit_test(test_kconfig_why),
		cmocka_unit_test(test_cpio),
	};

	git_libgit2_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
