#include "mail.h"
#include "error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
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

/* git's is_rfc2047_special() for an address's display name. */
static bool rfc2047_special(unsigned char c)
{
	if (c >= 0x80 || !isprint(c) || c == '=' || c == '?' || c == '_')
		return true;
	return !(isalnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/');
}

/*
 * A display name as git's pp_user_info() writes it: RFC 2047 Q-encoded
 * when it is not ASCII (space as =20, as git does), in double quotes when
 * it holds an RFC 822 special such as '.' or ',', else as it is.
 */
static void put_name(struct buf *out, const char *name)
{
	if (!mail_is_ascii(name, strlen(name)) || strstr(name, "=?")) {
		buf_puts(out, "=?UTF-8?q?");
		for (const unsigned char *p = (const unsigned char *)name; *p; p++)
			if (rfc2047_special(*p))
				buf_printf(out, "=%02X", *p);
			else
				buf_putc(out, (char)*p);
		buf_puts(out, "?=");
	} else if (strpbrk(name, "()<>[]:;@\\,.\"")) {
		buf_putc(out, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *p);
		}
		buf_putc(out, '"');
	} else {
		buf_puts(out, name);
	}
}

char *mail_address_key(const char *s)
{
	const char *lt = strrchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	char *key = lt && gt ? xstrndup(lt + 1, (size_t)(gt - lt - 1)) : xstrdup(s);

	for (char *p = key; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return key;
}

/*
 * The addresses of `a` and `b`, each address once (a maintainer who is
 * also a list is one recipient) and none that `seen` holds; the keys of
 * those written are added to `seen`.
 */
static void put_addresses(struct buf *out, const char *field, const struct strvec *a,
			  const struct strvec *b, struct strvec *seen)
{
	const struct strvec *both[] = { a, b };
	size_t n = 0;

	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; both[k] && i < both[k]->nr; i++) {
			char *key = mail_address_key(both[k]->v[i]);

			if (strvec_find(seen, key) < 0) {
				strvec_push(seen, key);
				buf_printf(out, "%s%s%s", n ? ",\n    " : field, n ? "" : ": ",
					   both[k]->v[i]);
				n++;
			}
			free(key);
		}
	}
	if (n)
		buf_putc(out, '\n');
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
	struct strvec seen = STRVEC_INIT;

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
	put_addresses(out, "To", m->to, m->extra_to, &seen);
	put_addresses(out, "Cc", m->cc, m->extra_cc, &seen);
	if (m->eight_bit)
		buf_puts(out, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
			      "Content-Transfer-Encoding: 8bit\n");
	buf_putc(out, '\n');
	strvec_clear(&seen);
}


void mail_subject(struct buf *out, const struct mail_style *style, int version, size_t m,
		  size_t n, const char *subject)
{
	struct buf prefix = BUF_INIT;

	buf_puts(&prefix, style->prefix);
	if (version > 1)
		buf_printf(&prefix, "%sv%d", prefix.len ? " " : "", version);
	if (n)
		buf_printf(out, "[%s%s%0*zu/%zu] ", prefix.ptr, prefix.len ? " " : "", decimal_digits(n),
			   m, n);
	else if (prefix.len)
		buf_printf(out, "[%s] ", prefix.ptr);
	buf_puts(out, subject);
	buf_release(&prefix);
}

static char *config_value(git_config *cfg, const char *key)
{
	git_buf value = { 0 };
	char *s = NULL;

	if (cfg && !git_config_get_string_buf(&value, cfg, key)) {
		s = xstrdup(value.ptr);
		git_buf_dispose(&value);
	}
	return s;
}

int mail_style_load(struct mail_style *out, git_repository *git, const char *prefix, bool rfc)
{
	struct buf b = BUF_INIT;
	git_config *cfg = NULL;
	char *conf;

	if (git_repository_config_snapshot(&cfg, git) < 0)
		cfg = NULL;
	conf = prefix ? NULL : config_value(cfg, "format.subjectPrefix");
	buf_printf(&b, "%s%s", rfc ? "RFC " : "", prefix ? prefix : conf ? conf : "PATCH");
	buf_rtrim(&b);
	out->prefix = buf_detach(&b, NULL);
	out->signature = config_value(cfg, "format.signature");
	if (!out->signature)
		out->signature = xstrdup(MAIL_SIGNATURE);
	free(conf);
	git_config_free(cfg);
	if (strpbrk(out->prefix, "\r\n"))
		return error("the subject prefix holds a line break; a mail header cannot hold it");
	return 0;
}

void mail_style_release(struct mail_style *s)
{
	free(s->prefix);
	free(s->signature);
	*s = (struct mail_style)MAIL_STYLE_INIT;
}

void mail_signature(struct buf *out, const struct mail_style *s)
{
	size_t n = s->signature ? strlen(s->signature) : 0;

	if (!n)
		return;
	buf_printf(out, "-- \n%s%s\n", s->signature, s->signature[n - 1] == '\n' ? "" : "\n");
}
