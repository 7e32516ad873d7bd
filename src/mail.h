#ifndef KMAP_MAIL_H
#define KMAP_MAIL_H
/*
 * Mail headers as `git format-patch` writes them: the "From <sha> Mon Sep
 * 17 00:00:00 2001" line, Message-ID, In-Reply-To/References to the cover,
 * From (RFC 2047 Q-encoded when the name is not ASCII), Date, Subject
 * folded at 78 columns, To/Cc (each address once) and, for 8-bit bodies,
 * the MIME headers.  Message-IDs derive from what they name (a commit id
 * or "cover.<id>"), the date and the version, so rewriting a series gives
 * identical files.
 */
#include "buf.h"
#include "commit.h"
#include "strvec.h"
#include <stdbool.h>

#define MAIL_STAT_WIDTH 72
#ifndef KMAP_VERSION
#define KMAP_VERSION "0.1"
#endif
#define MAIL_SIGNATURE "kmap-local " KMAP_VERSION

/*
 * The conventions of the mails, as git format-patch takes them: the
 * subject prefix (--subject-prefix, else format.subjectPrefix, else
 * "PATCH"; --rfc puts "RFC " before it, as git 2.45 does) and the
 * signature (format.signature, "" for none; else "kmap-local VERSION").
 */
struct mail_style {
	char *prefix;
	char *signature;		/* NULL: no "-- " trailer */
};

#define MAIL_STYLE_INIT { NULL, NULL }

int mail_style_load(struct mail_style *out, git_repository *git, const char *prefix, bool rfc);
void mail_style_release(struct mail_style *s);
/* "-- \n<signature>\n\n" as git's print_signature() writes it, or nothing. */
void mail_signature(struct buf *out, const struct mail_style *s);

struct mail {
	const char *sha;
	const char *msgid;
	const char *reply_to;		/* NULL for the cover */
	const char *subject;
	const struct strvec *to, *cc;
	const struct strvec *extra_to, *extra_cc;	/* --to/--cc of the run */
	const struct identity *from;
	bool eight_bit;
};

void mail_header(struct buf *out, const struct mail *m);
/* "<what.when.vN.kmap-local@domain-of-the-sender>" */
void mail_message_id(struct buf *out, const struct identity *id, int version, const char *what);
/*
 * "[PATCH vN m/n] subject" as git writes it: no vN for version 1, m
 * zero-padded to the width of n, no "m/n" when n is 0 (a lone patch).
 */
void mail_subject(struct buf *out, const struct mail_style *style, int version, size_t m,
		  size_t n, const char *subject);
/* git's fmt_output_subject(): dir/[vN-]NNNN-<subject>.patch, at most 64 bytes. */
void mail_file_name(struct buf *out, const char *dir, int version, int nr,
		    const char *subject);
/* git's format_sanitized_subject(): the file name part of a subject. */
void mail_sanitize_subject(struct buf *out, const char *subject);
/* The address of "Name <addr>" or of a bare "addr", lower-cased. */
char *mail_address_key(const char *s);
bool mail_is_ascii(const char *s, size_t len);

#endif
