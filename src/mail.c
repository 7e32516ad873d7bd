#include "mail.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SUBJECT_FOLD 78

static bool title_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_';
}

void mail_sanitize_subject(struct buf *out, const char *subject)
{
	size_t start = out->len;
	int space = 2;

	for (const char *p = subject; *p; p++) {
		if (title_char(*p)) {
			if (space == 1)
				buf_putc(out, '-');
			space = 0;
			buf_putc(out, *p);
			if (*p == '.')
				while (p[1] == '.')
					p++;
		} else {
			space |= 1;
		}
	}
	while (out->len > start && (out->ptr[out->len - 1] == '.' || out->ptr[out->len - 1] == '-'))
		buf_truncate(out, out->len - 1);
}

void mail_file_name(struct buf *out, const char *dir, int version, int nr,
		    const char *subject)
{
	size_t start;

	buf_printf(out, "%s/", dir);
	start = out->len;
	if (version > 1)
		buf_printf(out, "v%d-", version);
	buf_printf(out, "%04d-", nr);
	mail_sanitize_subject(out, subject);
	if (out->len - start > 64 - 7)
		buf_truncate(out, start + 64 - 7);
	buf_puts(out, ".patch");
}

static void rfc2822_date(struct buf *out, const struct identity *id)
{
	time_t t = (time_t)id->when + id->offset * 60;
	int off = id->offset < 0 ? -id->offset : id->offset;
	struct tm tm;
	char s[64];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%a, %d %b %Y %H:%M:%S", &tm);
	buf_printf(out, "%s %c%02d%02d", s, id->offset < 0 ? '-' : '+', off / 60, off % 60);
}

void mail_message_id(struct buf *out, const struct identity *id, int version, const char *what)
{
	const char *at = strchr(id->email, '@');

	buf_printf(out, "<%s.%lld.v%d.kmap-local@%s>", what, (long long)id->when, version,
		   at ? at + 1 : "localhost");
}

bool mail_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* RFC 2047 Q-encoding of a display name with non-ASCII bytes, as git does. */
static void put_name(struct buf *out, const char *name)
{
	if (mail_is_ascii(name, strlen(name))) {
		buf_puts(out, name);
		return;
	}
	buf_puts(out, "=?UTF-8?q?");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == ' ')
			buf_putc(out, '_');
		else if (isalnum(*p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "=%02X", *p);
	}
	buf_puts(out, "?=");
}

/* The addresses of `a` and `b`, each once and none that `skip` holds. */
static void put_addresses(struct buf *out, const char *field, const struct strvec *a,
			  const struct strvec *b, const struct strvec *skip)
{
	struct strvec all = STRVEC_INIT;
	size_t n = 0;

	strvec_push_unique(&all, a);
	strvec_push_unique(&all, b);
	for (size_t i = 0; i < all.nr; i++) {
		if (skip && strvec_find(skip, all.v[i]) >= 0)
			continue;
		buf_printf(out, "%s%s%s", n ? ",\n    " : field, n ? "" : ": ", all.v[i]);
		n++;
	}
	if (n)
		buf_putc(out, '\n');
	strvec_clear(&all);
}

/* "Subject: ..." folded at 78 columns with one-space continuations, as git does. */
static void put_subject(struct buf *out, const char *subject)
{
	struct buf line = BUF_INIT;
	const char *p;

	buf_printf(&line, "Subject: %s", subject);
	p = line.ptr;
	while (strlen(p) > SUBJECT_FOLD) {
		const char *cut = p + SUBJECT_FOLD;

		while (cut > p && *cut != ' ')
			cut--;
		if (cut == p || (p != line.ptr && cut == p + 1))
			break;
		buf_add(out, p, (size_t)(cut - p));
		buf_puts(out, "\n");
		p = cut;	/* the continuation starts with that space */
	}
	buf_printf(out, "%s\n", p);
	buf_release(&line);
}

void mail_header(struct buf *out, const struct mail *m)
{
	struct strvec to = STRVEC_INIT;

	buf_printf(out, "From %s Mon Sep 17 00:00:00 2001\n", m->sha);
	buf_printf(out, "Message-ID: %s\n", m->msgid);
	if (m->reply_to)
		buf_printf(out, "In-Reply-To: %s\nReferences: %s\n", m->reply_to, m->reply_to);
	buf_puts(out, "From: ");
	put_name(out, m->from->name);
	buf_printf(out, " <%s>\nDate: ", m->from->email);
	rfc2822_date(out, m->from);
	buf_putc(out, '\n');
	put_subject(out, m->subject);
	strvec_push_unique(&to, m->to);
	strvec_push_unique(&to, m->extra_to);
	put_addresses(out, "To", m->to, m->extra_to, NULL);
	put_addresses(out, "Cc", m->cc, m->extra_cc, &to);
	if (m->eight_bit)
		buf_puts(out, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
			      "Content-Transfer-Encoding: 8bit\n");
	buf_putc(out, '\n');
	strvec_clear(&to);
}

void mail_subject(struct buf *out, int version, size_t m, size_t n, const char *subject)
{
	buf_puts(out, "[PATCH ");
	if (version > 1)
		buf_printf(out, "v%d ", version);
	buf_printf(out, "%zu/%zu] %s", m, n, subject);
}
