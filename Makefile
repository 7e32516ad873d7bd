# kmap-local -- hand-written Makefile.  `make V=1` shows the commands.
# `make SANITIZE=1 ...` builds with ASan+UBSan into build-san/.
# `make fuzz` builds the libFuzzer targets with clang into build-fuzz/ and
# runs each for FUZZ_SECONDS.

PREFIX ?= /usr/local
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PROVE ?= prove
VERSION = 0.1

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60

ifeq ($(FUZZ),1)
O ?= build-fuzz
CC = $(FUZZ_CC)
SAN_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
else ifeq ($(SANITIZE),1)
O ?= build-san
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
O ?= build
endif

GIT2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libgit2 2>/dev/null)
GIT2_LIBS = $(shell $(PKG_CONFIG) --libs libgit2 2>/dev/null)
PCRE2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror $(CFLAGS) $(SAN_FLAGS) \
	$(GIT2_CFLAGS) $(PCRE2_CFLAGS) -MMD -MP -Isrc \
	-DKMAP_VERSION='"$(VERSION)"' \
	-DKMAP_DATA_DIR='"$(PREFIX)/share/kmap-local"'
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
LIBS = $(GIT2_LIBS) $(PCRE2_LIBS) -lpthread

ifneq ($(V),1)
QUIET_CC = @echo '   ' CC $@;
QUIET_LINK = @echo '   ' LINK $@;
endif

LIB_OBJS =
LIB_OBJS += $(O)/arches.o
LIB_OBJS += $(O)/buf.o
LIB_OBJS += $(O)/buildbatch.o
LIB_OBJS += $(O)/buildcheck.o
LIB_OBJS += $(O)/builddir.o
LIB_OBJS += $(O)/cache.o
LIB_OBJS += $(O)/cmd_common.o
LIB_OBJS += $(O)/commit.o
LIB_OBJS += $(O)/cmd_diff.o
LIB_OBJS += $(O)/checkpatch.o
LIB_OBJS += $(O)/cmd_build.o
LIB_OBJS += $(O)/cmd_maintainers.o
LIB_OBJS += $(O)/cmd_series.o
LIB_OBJS += $(O)/cmd_verify.o
LIB_OBJS += $(O)/cmd_scan.o
LIB_OBJS += $(O)/console.o
LIB_OBJS += $(O)/gcov.o
LIB_OBJS += $(O)/convert.o
LIB_OBJS += $(O)/cover.o
LIB_OBJS += $(O)/discover.o
LIB_OBJS += $(O)/error.o
LIB_OBJS += $(O)/facts.o
LIB_OBJS += $(O)/cfg.o
LIB_OBJS += $(O)/cscan.o
LIB_OBJS += $(O)/slice.o
LIB_OBJS += $(O)/fs.o
LIB_OBJS += $(O)/guest.o
LIB_OBJS += $(O)/interrupt.o
LIB_OBJS += $(O)/kconfig.o
LIB_OBJS += $(O)/kconfig_why.o
LIB_OBJS += $(O)/kconfig_solve.o
LIB_OBJS += $(O)/kunit.o
LIB_OBJS += $(O)/kmap_api.o
LIB_OBJS += $(O)/lifo.o
LIB_OBJS += $(O)/lifo_flow.o
LIB_OBJS += $(O)/parallel.o
LIB_OBJS += $(O)/lock.o
LIB_OBJS += $(O)/mail.o
LIB_OBJS += $(O)/maintainers.o
LIB_OBJS += $(O)/message.o
LIB_OBJS += $(O)/options.o
LIB_OBJS += $(O)/outdir.o
LIB_OBJS += $(O)/pager.o
LIB_OBJS += $(O)/patch.o
LIB_OBJS += $(O)/progress.o
LIB_OBJS += $(O)/range_diff.o
LIB_OBJS += $(O)/repo.o
LIB_OBJS += $(O)/report.o
LIB_OBJS += $(O)/results.o
LIB_OBJS += $(O)/rules.o
LIB_OBJS += $(O)/scratch.o
LIB_OBJS += $(O)/series.o
LIB_OBJS += $(O)/series_run.o
LIB_OBJS += $(O)/series_state.o
LIB_OBJS += $(O)/run_command.o
LIB_OBJS += $(O)/spatch.o
LIB_OBJS += $(O)/split.o
LIB_OBJS += $(O)/strvec.o
LIB_OBJS += $(O)/trailers.o
LIB_OBJS += $(O)/verdicts.o
LIB_OBJS += $(O)/verify.o
LIB_OBJS += $(O)/verify_report.o
LIB_OBJS += $(O)/verify_cache.o
LIB_OBJS += $(O)/workload.o
LIB_OBJS += $(O)/worktree.o

UNIT_TESTS =
UNIT_TESTS += $(O)/tests/test-buf
UNIT_TESTS += $(O)/tests/test-buildcheck
UNIT_TESTS += $(O)/tests/test-digest
UNIT_TESTS += $(O)/tests/test-cache
UNIT_TESTS += $(O)/tests/test-cfg
UNIT_TESTS += $(O)/tests/test-facts
UNIT_TESTS += $(O)/tests/test-kconfig-solve
UNIT_TESTS += $(O)/tests/test-kunit
UNIT_TESTS += $(O)/tests/test-mail
UNIT_TESTS += $(O)/tests/test-maintainers
UNIT_TESTS += $(O)/tests/test-options
UNIT_TESTS += $(O)/tests/test-parallel
UNIT_TESTS += $(O)/tests/test-patch
UNIT_TESTS += $(O)/tests/test-run-command
UNIT_TESTS += $(O)/tests/test-slice
UNIT_TESTS += $(O)/tests/test-spatch-parse
UNIT_TESTS += $(O)/tests/test-spatch-plan
UNIT_TESTS += $(O)/tests/test-verdicts
UNIT_TESTS += $(O)/tests/test-verify

# libFuzzer targets: tests/fuzz/<name>.c, seeds in tests/fuzz/<name>/.
FUZZ_TARGETS =
FUZZ_TARGETS += buildcheck
FUZZ_TARGETS += cache
FUZZ_TARGETS += maintainers
FUZZ_TARGETS += slice
FUZZ_TARGETS += spatch
FUZZ_TARGETS += verdicts
FUZZ_TARGETS += verify

BIN = $(O)/kmap-local

all: $(BIN) $(if $(filter 1,$(SANITIZE) $(FUZZ)),,kmap-local)

# The in-tree binary next to cocci/, so `./kmap-local` works from a checkout.
kmap-local: $(BIN)
	@cp $(BIN) $@

$(BIN): $(LIB_OBJS) $(O)/main.o
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(O)/%.o: src/%.c | $(O)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c | $(O)/tests
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/test-%: $(O)/tests/test-%.o $(LIB_OBJS)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(O)/fuzz/%.o: tests/fuzz/%.c | $(O)/fuzz
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/fuzz/fuzz-%: $(O)/fuzz/%.o $(LIB_OBJS)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

$(O) $(O)/tests $(O)/fuzz:
	@mkdir -p $@

-include $(wildcard $(O)/*.d $(O)/tests/*.d $(O)/fuzz/*.d)

# Debian packages the build, the tests and the demo need, beyond a minbase
# install (`make check-fresh` proves the list).  spatch runs the rules'
# script:python through the libpython of python3's version, which the
# coccinelle package does not depend on: libpython3-dev is the package that
# always follows python3's version.  `kmap-local diff` pages through less.
# A real kernel tree's kbuild (`build`, `series`) needs bc, bison, flex and
# the libelf and libssl headers for its host tools.  The review-cycle tests
# run the real b4 (0.12, offline) and git send-email (package git-email,
# whose Mail::Address comes from libmailtools-perl, only a Recommends).
# `verify` boots i386 kernels with qemu-system-i386 (TCG) and makes ext2
# and minix images with mke2fs and mkfs.minix; its initramfs is written by
# kmap-local itself and its init is built with the host gcc (-m32
# -nostdlib, on the tree's nolibc).  groff renders the man page in its test.
DEPS_PKGS = coccinelle libpython3-dev libgit2-dev libpcre2-dev pkg-config libcmocka-dev git \
	make gcc clang lld llvm perl bsdutils python3 distcc less \
	bc bison flex libelf-dev libssl-dev b4 git-email libmailtools-perl \
	qemu-system-x86 e2fsprogs util-linux groff-base

# The gcc cross compilers --arch auto uses for the arch/ code of the 6.1
# whole-tree series (arm64 and riscv build with clang; about 1 GB and a
# minute together).  Not in DEPS_PKGS: without them those commits are
# not-built, naming the package.
CROSS_PKGS = gcc-mips-linux-gnu gcc-powerpc-linux-gnu gcc-sh4-linux-gnu \
	gcc-sparc64-linux-gnu gcc-arc-linux-gnu

# ... and the fuzz targets (clang's libFuzzer and sanitizer runtimes).
FUZZ_DEPS = libclang-rt-dev

deps:
	@sh tests/tools/install-deps.sh $(DEPS_PKGS)

deps-cross:
	@sh tests/tools/install-deps.sh $(CROSS_PKGS)

TEST_ENV = KMAP_LOCAL="$(abspath $(BIN))" KMAP_LOCAL_COCCI_DIR="$(abspath cocci)" \
	KMAP_LOCAL_SERIES_DIR="$(abspath series)" KMAP_LOCAL_KBUILD_DIR="$(abspath kbuild)" \
	KMAP_LOCAL_VERIFY_DIR="$(abspath verify)" \
	KMAP_LOCAL_TEST_BUILD="$(abspath $(O))"

unit-tests: $(UNIT_TESTS)

test: all unit-tests
	$(TEST_ENV) CMOCKA_MESSAGE_OUTPUT=TAP $(PROVE) $(PROVE_OPTS) --exec '' \
		$(UNIT_TESTS) tests/t[0-9]*.sh

check: deps
	@$(MAKE) --no-print-directory test

check-linux: deps all
	$(TEST_ENV) $(PROVE) $(PROVE_OPTS) --exec '' tests/linux/t9*.sh

demo: deps all
	@$(TEST_ENV) sh tests/tools/demo.sh

# The README's two commands in a fresh debootstrap'd bookworm, as root.
check-fresh:
	@sh tests/tools/check-fresh.sh

bench: deps all
	@$(TEST_ENV) sh tests/bench/bench.sh

# Every target for FUZZ_SECONDS each, one after the other; the corpus they
# grow stays under $XDG_CACHE_HOME/kmap-local/fuzz.
fuzz:
	@sh tests/tools/install-deps.sh $(DEPS_PKGS) $(FUZZ_DEPS)
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build
	@sh tests/fuzz/run.sh build-fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: $(patsubst %,$(O)/fuzz/fuzz-%,$(FUZZ_TARGETS))

install: all install-doc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kmap-local/cocci \
		$(DESTDIR)$(PREFIX)/share/kmap-local/series
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kmap-local
	install -m 644 cocci/*.cocci cocci/kernel-macros.h cocci/kernel.iso $(DESTDIR)$(PREFIX)/share/kmap-local/cocci/
	install -m 644 series/*.txt $(DESTDIR)$(PREFIX)/share/kmap-local/series/
	install -d $(DESTDIR)$(PREFIX)/share/kmap-local/kbuild
	install -m 644 kbuild/arches.conf $(DESTDIR)$(PREFIX)/share/kmap-local/kbuild/
	install -d $(DESTDIR)$(PREFIX)/share/kmap-local/verify
	install -m 644 verify/init.c verify/digest.h verify/*.workload $(DESTDIR)$(PREFIX)/share/kmap-local/verify/

# The man page and the bash completion (tests/t0100-docs.sh checks both).
install-doc:
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 Documentation/kmap-local.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 contrib/completion/kmap-local.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kmap-local

check-style:
	@! grep -nE '(system|popen)\(' src/*.c || { echo 'no shell: use run_command'; exit 1; }
	@! grep -nE '^ +[^ *]' src/*.c src/*.h || { echo 'indent with tabs'; exit 1; }

clean:
	rm -rf build build-san build-fuzz kmap-local tests/trash.*

.PHONY: all deps deps-cross test check check-fresh check-linux demo bench fuzz fuzz-build install install-doc \
	clean \
	unit-tests check-style
