/* A bounded printf-style formatter for messages, used by both builds.
 *
 * Supports: %% %c %s %d %i %u %x %X %p, flags '-' '0', a field width
 * (number or '*'), a precision for strings and integers (number or '*'),
 * and the length modifiers hh h l ll z j t.  Output is always
 * NUL-terminated when size > 0; the return value is the length the full
 * output would have had (C99 semantics), so callers can detect truncation.
 */
#include "loader/lib/libc.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
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

static void put_str(struct out *o, const char *s, int width, int prec, bool left)
{
	size_t n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		pad(o, ' ', fill);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		pad(o, ' ', fill);
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned base,
		    bool upper, int width, int prec, bool left, bool zero)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int ndig = prec > n ? prec : n;
	int total = ndig + (neg ? 1 : 0);
	int fill = width > total ? width - total : 0;

	if (!left && !(zero && prec < 0))
		pad(o, ' ', fill);
	if (neg)
		put(o, '-');
	if (!left && zero && prec < 0)
		pad(o, '0', fill);
	pad(o, '0', ndig - n);
	while (n)
		put(o, tmp[--n]);
	if (left)
		pad(o, ' ', fill);
}

int pb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(&o, *p);
			continue;
		}
		p++;
		bool left = false, zero = false;
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				zero = true;
			else
				break;
		}
		int width = 0, prec = -1;
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9' && width < 10000)
				width = width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			prec = 0;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9' && prec < 10000)
					prec = prec * 10 + (*p++ - '0');
			}
		}
		int lng = 0; /* 0 int, 1 long, 2 long long/size_t/intmax */
		for (;; p++) {
			if (*p == 'h')
				continue; /* promoted to int anyway */
			if (*p == 'l')
				lng++;
			else if (*p == 'z' || *p == 'j' || *p == 't')
				lng = 2;
			else
				break;
		}
		switch (*p) {
		case '\0':
			p--; /* a lone '%' at the end: stop cleanly */
			break;
		case '%':
			put(&o, '%');
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			put_str(&o, s ? s : "(null)", width, prec, left);
			break;
		}
		case 'd':
		case 'i': {
			int64_t v = lng == 0 ? va_arg(ap, int)
				  : lng == 1 ? va_arg(ap, long)
					     : va_arg(ap, long long);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			put_num(&o, mag, v < 0, 10, false, width, prec, left, zero);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng == 0 ? va_arg(ap, unsigned int)
				   : lng == 1 ? va_arg(ap, unsigned long)
					      : va_arg(ap, unsigned long long);
			put_num(&o, v, false, *p == 'u' ? 10 : 16, *p == 'X',
				width, prec, left, zero);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				false, 0, -1, false, false);
			break;
		default: /* unknown conversion: show it literally */
			put(&o, '%');
			put(&o, *p);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)(o.len > 0x7fffffff ? 0x7fffffff : o.len);
}

int pb_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = pb_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void pb_vprintf_to(void (*write)(void *ctx, const char *s, size_t len), void *ctx, const char *fmt, va_list ap)
{
	char buf[512];
	int n = pb_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > 0)
		write(ctx, buf, (size_t)PB_MIN(n, (int)sizeof(buf) - 1));
}
