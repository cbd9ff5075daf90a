/*
 * A small vsnprintf for the hypervisor: flags - 0 # + space, width and
 * precision (also *), length hh h l ll z j t, conversions d i u x X o p
 * c s %. Output is always NUL-terminated; the return value is the length
 * the full output would have, as in C99.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <hv/printk.h>

struct out {
	char *buf;
	size_t size, len;
};

struct spec {
	bool left, zero, alt, plus, space;
	int width, prec;
	int lenmod;   /* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned base, bool upper,
		    const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3] = { 0 };
	int n = 0, np = 0, zeros, total;
	bool zero = v == 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	if (neg)
		prefix[np++] = '-';
	else if (sp->plus)
		prefix[np++] = '+';
	else if (sp->space)
		prefix[np++] = ' ';
	/* C: '#' adds no 0x to a zero, and octal's leading 0 is already there. */
	if (sp->alt && base == 16 && !zero) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && !(zero && n)) {
		prefix[np++] = '0';
	}
	zeros = sp->prec > n ? sp->prec - n : 0;
	total = np + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total)
		zeros += sp->width - total, total = sp->width;
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	for (int i = 0; i < np; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n--)
		put(o, tmp[n]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->left = true; break;
		case '0': sp->zero = true; break;
		case '#': sp->alt = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		default: return f;
		}
	}
}

static const char *parse_int(const char *f, int *v, va_list *ap)
{
	if (*f == '*') {
		*v = va_arg(*ap, int);
		return f + 1;
	}
	*v = 0;
	while (*f >= '0' && *f <= '9')
		*v = *v * 10 + (*f++ - '0');
	return f;
}

static const char *parse_len(const char *f, struct spec *sp)
{
	if (f[0] == 'h')
		return sp->lenmod = f[1] == 'h' ? -2 : -1, f + (f[1] == 'h' ? 2 : 1);
	if (f[0] == 'l')
		return sp->lenmod = f[1] == 'l' ? 2 : 1, f + (f[1] == 'l' ? 2 : 1);
	if (f[0] == 'z' || f[0] == 'j' || f[0] == 't')
		return sp->lenmod = 1, f + 1;
	return f;
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->lenmod) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->lenmod) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (unsigned short)va_arg(*ap, unsigned);
	case -2: return (unsigned char)va_arg(*ap, unsigned);
	default: return va_arg(*ap, unsigned);
	}
}

static void convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	int64_t s;
	char ch;

	switch (c) {
	case 'd': case 'i':
		s = arg_signed(sp, ap);
		put_num(o, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10, false, sp);
		break;
	case 'u': put_num(o, arg_unsigned(sp, ap), false, 10, false, sp); break;
	case 'x': put_num(o, arg_unsigned(sp, ap), false, 16, false, sp); break;
	case 'X': put_num(o, arg_unsigned(sp, ap), false, 16, true, sp); break;
	case 'o': put_num(o, arg_unsigned(sp, ap), false, 8, false, sp); break;
	case 'p':
		sp->alt = true;
		put_num(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		pad(o, ' ', sp->left ? 0 : sp->width - 1);
		put(o, ch);
		pad(o, ' ', sp->left ? sp->width - 1 : 0);
		break;
	case 's': put_str(o, va_arg(*ap, const char *), sp); break;
	case '%': put(o, '%'); break;
	default: put(o, '%'); put(o, c); break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	for (const char *f = fmt; *f; f++) {
		struct spec sp = { .prec = -1 };

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_flags(f + 1, &sp);
		f = parse_int(f, &sp.width, &aq);
		if (sp.width < 0)
			sp.left = true, sp.width = -sp.width;
		if (*f == '.')
			f = parse_int(f + 1, &sp.prec, &aq);
		f = parse_len(f, &sp);
		if (!*f)
			break;
		convert(&o, *f, &sp, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
