/* The project's error convention: see err.h. */
#include "loader/lib/err.h"
#include "loader/lib/libc.h"

static char last_msg[256];

const char *pb_strerror(int code)
{
	switch (code) {
	case PB_OK: return "success";
	case PB_ERR_INVAL: return "invalid argument";
	case PB_ERR_NOMEM: return "out of memory";
	case PB_ERR_IO: return "I/O error";
	case PB_ERR_CORRUPT: return "corrupt data";
	case PB_ERR_FORMAT: return "unrecognised format";
	case PB_ERR_UNSUPPORTED: return "unsupported";
	case PB_ERR_NOTFOUND: return "not found";
	case PB_ERR_NOTDIR: return "not a directory";
	case PB_ERR_ISDIR: return "is a directory";
	case PB_ERR_LOOP: return "too many levels (loop)";
	case PB_ERR_LIMIT: return "limit exceeded";
	case PB_ERR_TIMEOUT: return "timed out";
	case PB_ERR_ROFS: return "read-only";
	case PB_ERR_TRUNCATED: return "truncated";
	case PB_ERR_PROTO: return "protocol violation";
	}
	return "unknown error";
}

int pb_error(int code, const char *fmt, ...)
{
	/* Format aside first: callers add context with
	 * pb_error(rc, "%s: %s", what, pb_errmsg()), whose argument is the
	 * very buffer being written. */
	char msg[sizeof(last_msg)];
	va_list ap;

	va_start(ap, fmt);
	pb_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(last_msg, msg, sizeof(last_msg));
	return code;
}

const char *pb_errmsg(void)
{
	return last_msg;
}

void pb_errclear(void)
{
	last_msg[0] = '\0';
}
