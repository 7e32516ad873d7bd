#include "options.h"
#include "error.h"
#include "strvec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct option *find_long(const struct option *opts,
				      const char *name, size_t len, bool *negated)
{
	const struct option *o;

	*negated = false;
	for (o = opts; o->type != OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    !strncmp(o->long_name, name, len))
			return o;
	if (len > 3 && !strncmp(name, "no-", 3))
		for (o = opts; o->type != OPT_END; o++)
			if ((o->type == OPT_BOOL || o->type == OPT_COLOR) && o->long_name &&
			    strlen(o->long_name) == len - 3 &&
			    !strncmp(o->long_name, name + 3, len - 3)) {
				*negated = true;
				return o;
			}
	return NULL;
}

static const struct option *find_short(const struct option *opts, char c)
{
	const struct option *o;

	for (o = opts; o->type != OPT_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int set_value(const struct option *o, const char *arg, const char *shown)
{
	char *end;
	long n;

	switch (o->type) {
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_LIST:
		strvec_push(o->value, arg);
		return 0;
	case OPT_INT:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno || *end || end == arg || n < 0 || n > 1000000)
			return error_usage("option '%s' expects a non-negative number, not '%s'",
					   shown, arg);
		*(int *)o->value = (int)n;
		return 0;
	default:
		BUG("option '%s' takes no value", shown);
	}
}

static int parse_long(const struct option *opts, int argc, const char **argv, int *i)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	bool negated;
	const struct option *o = find_long(opts, name, len, &negated);
	char shown[128];

	if (!o)
		return error_usage("unknown option '--%.*s'", (int)len, name);
	if (o->type == OPT_BOOL || (o->type == OPT_COLOR && negated)) {
		if (eq)
			return error_usage("option '--%.*s' takes no value", (int)len, name);
		if (o->type == OPT_COLOR)
			*(int *)o->value = COLOR_NEVER;
		else
			*(bool *)o->value = !negated;
		return 0;
	}
	if (o->type == OPT_COLOR) {
		int when = eq ? parse_color_when(eq + 1, false) : COLOR_ALWAYS;

		if (when == COLOR_UNSET)
			return error_usage("option '--%s' expects \"always\", \"auto\", or \"never\"",
					   o->long_name);
		*(int *)o->value = when;
		return 0;
	}
	snprintf(shown, sizeof(shown), "--%s", o->long_name);
	if (eq)
		return set_value(o, eq + 1, shown);
	if (*i + 1 >= argc)
		return error_usage("option '%s' requires a value", shown);
	*i += 1;
	return set_value(o, argv[*i], shown);
}

static int parse_short(const struct option *opts, int argc, const char **argv, int *i)
{
	const char *p = argv[*i] + 1;
	char shown[3] = "-?";

	for (; *p; p++) {
		const struct option *o = find_short(opts, *p);

		shown[1] = *p;
		if (!o)
			return error_usage("unknown option '-%c'", *p);
		if (o->type == OPT_BOOL) {
			*(bool *)o->value = true;
			continue;
		}
		if (p[1])
			return set_value(o, p + 1, shown);
		if (*i + 1 >= argc)
			return error_usage("option '-%c' requires a value", *p);
		return set_value(o, argv[++*i], shown);
	}
	return 0;
}

int parse_options(int argc, const char **argv, const struct option *opts,
		  const struct command_help *help)
{
	int i, n = 0, ret = 0;
	bool only_args = false;

	for (i = 1; i < argc && !ret; i++) {
		const char *a = argv[i];

		if (only_args || a[0] != '-' || !a[1]) {
			argv[n++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help(opts, help);
			exit(0);
		}
		ret = a[1] == '-' ? parse_long(opts, argc, argv, &i) :
				    parse_short(opts, argc, argv, &i);
	}
	if (ret < 0) {
		fprintf(stderr, "usage: %s\n", help->usage);
		return ret;
	}
	argv[n] = NULL;
	return n;
}

int parse_color_when(const char *value, bool boolean)
{
	static const char *const truths[] = { "true", "yes", "on", "1", "" };
	static const char *const lies[] = { "false", "no", "off", "0" };

	if (!value)
		return boolean ? COLOR_AUTO : COLOR_UNSET;
	if (!strcasecmp(value, "never"))
		return COLOR_NEVER;
	if (!strcasecmp(value, "always"))
		return COLOR_ALWAYS;
	if (!strcasecmp(value, "auto"))
		return COLOR_AUTO;
	for (size_t i = 0; boolean && i < sizeof(truths) / sizeof(*truths); i++)
		if (!strcasecmp(value, truths[i]))
			return COLOR_AUTO;
	for (size_t i = 0; boolean && i < sizeof(lies) / sizeof(*lies); i++)
		if (!strcasecmp(value, lies[i]))
			return COLOR_NEVER;
	return COLOR_UNSET;
}

static void option_label(char *out, size_t size, const struct option *o)
{
	const char *arg = o->type == OPT_BOOL ? "" : o->argh ? o->argh : "VALUE";
	const char *sep = o->type == OPT_BOOL ? "" : o->long_name ? "=" : " ";

	if (o->type == OPT_COLOR) {
		snprintf(out, size, "    --%s[=%s]", o->long_name, arg);
		return;
	}

	if (o->short_name && o->long_name)
		snprintf(out, size, "-%c, --%s%s%s", o->short_name, o->long_name, sep, arg);
	else if (o->short_name)
		snprintf(out, size, "-%c%s%s", o->short_name, sep, arg);
	else
		snprintf(out, size, "    --%s%s%s", o->long_name, sep, arg);
}

void print_help(const struct option *opts, const struct command_help *help)
{
	const struct option *o;
	char label[128];

	printf("usage: %s\n\n%s\n\n", help->usage, help->summary);
	for (o = opts; o->type != OPT_END; o++) {
		option_label(label, sizeof(label), o);
		if (strlen(label) > 24)
			printf("    %s\n%30s%s\n", label, "", o->help);
		else
			printf("    %-26s%s\n", label, o->help);
	}
}
