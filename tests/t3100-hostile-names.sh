#!/bin/sh
# Hostile file names: spatch never sees a repository path (it runs shell
# commands on its file names), every name converts exactly like "a.c", and
# text output quotes paths as git does, JSON as UTF-8 or surrogateescape.
. "$(dirname "$0")/lib.sh"

# The names, one per line, as printf %b reads them.
cat >names <<-\EOF
a.c
x$(touch${IFS}PWNED).c
with space.c
quote"d.c
it's.c
tab\t.c
new\nline.c
-leading.c
caf\303\251.c
back\\\\slash.c
`touch PWNED`;.c
dir with space/$(touch PWNED)/f.c
hdr; touch PWNED.h
EOF

cat >a.c <<-\EOF
#include <linux/highmem.h>

void fill(struct page *page, int v)
{
	char *addr = kmap_atomic(page);

	addr[0] = v;
	kunmap_atomic(addr);
}
EOF

# Every name gets the same content (headers too: spatch reads .h files).
test_expect_success 'setup' '
	git init -q repo &&
	while IFS= read -r n; do
		f=$(printf "%b" "$n") &&
		mkdir -p "repo/$(dirname -- "$f")" &&
		cp a.c "repo/$f" || return 1
	done <names &&
	git -C repo add -A &&
	git -C repo commit -qm names &&
	test $(git -C repo ls-files | wc -l) = 13 &&
	before=$(repo_snapshot repo)
'

no_pwned () {
	test -z "$(find "$TRASH" "${TMPDIR:-/tmp}" -name "PWNED*" 2>/dev/null)"
}

test_expect_success 'scan converts every name; no name runs a command' '
	kmap_local -C repo scan >out 2>err &&
	no_pwned &&
	test $(grep -c ":5:fill: local: " out) = 13 &&
	grep -q "^13 candidate files of 13: 13 changed, 0 unparsed" err &&
	test "$before" = "$(repo_snapshot repo)"
'

test_expect_success 'text output quotes paths as git ls-files does' '
	sed "s/:5:fill: local: .*//" out >paths &&
	git -C repo ls-files >expect &&
	test_cmp expect paths
'

test_expect_success 'core.quotePath=false leaves non-ASCII bytes unquoted, like git' '
	git -C repo config core.quotePath false &&
	kmap_local -C repo scan 2>/dev/null | sed "s/:5:fill: local: .*//" >paths-raw &&
	git -C repo ls-files >expect-raw &&
	git -C repo config --unset core.quotePath &&
	test_cmp expect-raw paths-raw &&
	grep -q "^caf.*\.c$" paths-raw &&
	! test_cmp expect expect-raw >/dev/null
'

test_expect_success 'the diff applies and every file reads like the converted a.c' '
	kmap_local -C repo diff >diff &&
	no_pwned &&
	git clone -q repo applied &&
	git -C applied apply --index ../diff &&
	git -C applied show :a.c >converted-a &&
	grep -q "kmap_local_page(page)" converted-a &&
	git -C applied ls-files -z | xargs -0 -n1 sh -c "cmp converted-a \"applied/\$0\"" &&
	test $(git -C applied diff --cached --name-only | wc -l) = 13
'

test_expect_success 'diff --stat is what git diff --stat shows' '
	kmap_local -C repo diff --stat >ours &&
	git -C applied diff --cached --stat >theirs &&
	test_cmp theirs ours
'

test_expect_success 'LC_ALL=C and a UTF-8 locale give the same result' '
	rm -rf repo/.git/kmap-local &&
	LC_ALL=C.UTF-8 kmap_local -C repo scan >out-utf8 2>/dev/null &&
	LC_ALL=C.UTF-8 kmap_local -C repo diff >diff-utf8 &&
	test_cmp out out-utf8 &&
	test_cmp diff diff-utf8
'

test_expect_success 'JSON names the files exactly (surrogateescape for non-UTF-8)' '
	printf "bad\\377.c" >bad-name &&
	cp a.c "repo/$(cat bad-name)" &&
	git -C repo add -A && git -C repo commit -qm latin1 &&
	kmap_local -C repo scan --json >json &&
	git -C repo ls-files -z >expect-z &&
	python3 -c "
import json, os, sys
j = json.load(open(\"json\"))
got = sorted(os.fsencode(f[\"path\"]) for f in j[\"files\"])
want = sorted(p for p in open(\"expect-z\", \"rb\").read().split(b\"\\0\") if p)
assert got == want, (got, want)
assert all(s[\"verdict\"] == \"local\" for s in j[\"sites\"]), j[\"sites\"]
" &&
	no_pwned
'

test_expect_success 'a TMPDIR with spaces and shell syntax changes nothing' '
	mkdir -p "tmp dir \$(touch PWNED)" &&
	rm -rf repo/.git/kmap-local &&
	TMPDIR="$TRASH/tmp dir \$(touch PWNED)" kmap_local -C repo scan >out-tmp 2>err &&
	kmap_local -C repo scan >out-plain 2>/dev/null &&
	test_cmp out-plain out-tmp &&
	grep -q " 14 changed" err &&
	test -z "$(ls "tmp dir \$(touch PWNED)")" &&
	no_pwned
'

test_expect_success 'a relative SPATCH and --cocci work from spatch'"'"'s own directory' '
	printf "#!/bin/sh\nexec spatch \"\$@\"\n" >my-spatch &&
	chmod +x my-spatch &&
	cp -R "$KMAP_LOCAL_COCCI_DIR" my-rules &&
	rm -rf repo/.git/kmap-local &&
	SPATCH=./my-spatch kmap_local -C repo scan --cocci my-rules >out-rel 2>/dev/null &&
	test_cmp out-tmp out-rel
'

test_expect_success 'series: one-line subjects, mails that git am applies' '
	git clone -q repo mails &&
	mkdir -p "mails/$(printf "f\ng")" "mails/$(printf "new\nline")" &&
	cp a.c "mails/$(printf "f\ng")/x.c" &&
	cp a.c "mails/$(printf "new\nline")/$(printf "o\nne.c")" &&
	git -C mails add -A && git -C mails commit -qm "more names" &&
	GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org \
		kmap_local -C mails series --no-build --topic t -o out-mails >/dev/null 2>&1 &&
	no_pwned &&
	for p in out-mails/*/*.patch; do
		sed "/^\$/q" "$p" >headers &&
		test $(grep -c "^Subject: " headers) = 1 &&
		! grep -Ev "^(From|Message-ID|In-Reply-To|References|Date|Subject|To|Cc|MIME-Version|Content-Type|Content-Transfer-Encoding): |^ |^From [0-9a-f]{40} |^\$" headers ||
		return 1
	done &&
	git clone -q mails am-check &&
	ls out-mails/*/00[0-9][1-9]-*.patch | while read -r p; do
		git -C am-check -c user.name=R -c user.email=r@example.org am -q "$TRASH/$p" || exit 1
	done &&
	test -z "$(git -C am-check diff origin/t --stat)" &&
	test "$(git -C am-check rev-list --count origin/master..)" = 4
'

# A spatch that answers --version like the real one, runs $2, and exits 0.
fake_spatch () {
	printf "#!/bin/sh\ncase \"\$*\" in *--version*|*--parse-cocci*) exec spatch \"\$@\";; esac\n%s\nexit 0\n" \
		"$2" >"$1" &&
	chmod +x "$1"
}

no_cache_entries () {
	test -z "$(find repo/.git/kmap-local/cache -type f -path "*/cache/*/??/*" 2>/dev/null)"
}

test_expect_success 'a spatch that exits 0 and logs nothing: an error, nothing cached' '
	fake_spatch idle-spatch "" &&
	rm -rf repo/.git/kmap-local &&
	SPATCH="$TRASH/idle-spatch" test_expect_code 1 kmap_local -C repo scan >out 2>err &&
	test_one_error_line err "spatch did not process 14 of 14 files, e.g. .*, it printed no log; nothing of this run was cached" &&
	no_cache_entries &&
	test_must_be_empty out
'

test_expect_success 'a spatch that logs only some files: an error, nothing cached' '
	fake_spatch half-spatch "echo \"HANDLING: src/0.c\" >&2; echo \"HANDLING: /etc/passwd\" >&2" &&
	SPATCH="$TRASH/half-spatch" test_expect_code 1 kmap_local -C repo scan -j 1 >out 2>err &&
	test_one_error_line err "spatch did not process 13 of 14 files" &&
	no_cache_entries &&
	kmap_local -C repo scan >out 2>err &&
	test $(grep -c ":5:fill: local: " out) = 14
'

test_done
