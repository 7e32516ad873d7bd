/*
 * kmap-local: convert kmap_atomic()/kmap() call sites of a Linux kernel git
 * tree to kmap_local_page(), with a verdict and evidence for every site.
 * main() only dispatches to the cmd_*() table.
 */
#include "cmd.h"
#include "error.h"
#include "interrupt.h"
#include "pager.h"

#include <git2.h>
#include <stdio.h>
#include <string.h>

#ifndef KMAP_VERSION
#define KMAP_VERSION "0.1"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, "list kmap sites with their verdict and evidence" },
	{ "diff", cmd_diff, "show the dry-run conversion as a diff" },
	{ "series", cmd_series, "write the conversion as per-maintainer commits and mail series" },
	{ "build", cmd_build, "compile-check commits per architecture with kbuild" },
	{ "verify", cmd_verify, "boot converted code on i386 HIGHMEM under qemu and say what ran" },
	{ "maintainers", cmd_maintainers, "show the MAINTAINERS sections and To/Cc of files" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: kmap-local [-C DIR] [--version] [--help] <command> [<args>]\n\n"
		   "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "    %-12s%s\n", c->name, c->help);
	fprintf(f, "\nSee 'kmap-local <command> --help' for a command's options.\n");
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Global options before the command: -C DIR, --version, --help. */
static int parse_global(int *argc, const char ***argv)
{
	while (*argc > 1 && (*argv)[1][0] == '-') {
		const char *a = (*argv)[1];

		if (!strcmp(a, "--version")) {
			printf("kmap-local version %s (libgit2 %s)\n", KMAP_VERSION,
			       LIBGIT2_VERSION);
			return 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 1;
		} else if (!strcmp(a, "-C") && *argc > 2) {
			global_dir = (*argv)[2];
			*argc -= 2;
			*argv += 2;
		} else {
			error_usage("unknown option '%s'", a);
			usage(stderr);
			return E_USAGE;
		}
	}
	return 0;
}

int main(int argc, const char **argv)
{
	const struct command *cmd;
	int ret;

	if ((ret = parse_global(&argc, &argv)) != 0)
		return ret > 0 ? 0 : EXIT_USAGE;
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!(cmd = find_command(argv[1]))) {
		error_usage("'%s' is not a kmap-local command", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	interrupt_setup();
	git_libgit2_init();
	/* Blob ids come from trees we walk; re-hashing every read only costs time. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Paths are looked up again and again (headers, Kconfig files):
	 * keep big trees (include/linux/ is ~60 KiB) in the object cache,
	 * whose default limit only keeps trees under 4 KiB.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
	ret = cmd->fn(argc - 1, argv + 1);
	pager_finish();
	git_libgit2_shutdown();
	return ret;
}
