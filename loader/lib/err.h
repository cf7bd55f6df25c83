/* One error convention for all of pvboot.
 *
 * Every function that can fail returns int: 0 (PB_OK) on success, or one of
 * the negative PB_ERR_* codes below.  The code says what kind of failure it
 * was (so callers can decide: try the next entry, the next driver, give up);
 * the human-readable detail ("ext4: inode 12: extent depth 9 > 5") goes into
 * a single last-error message, set with pb_error() at the point where the
 * failure is detected, and read with pb_errmsg() by whoever reports it.
 * The loader is single-threaded, so one message buffer is enough.
 *
 * panic() is only for broken internal invariants, never for bad input.
 */
#ifndef PVBOOT_LOADER_ERR_H
#define PVBOOT_LOADER_ERR_H

enum pb_err {
	PB_OK = 0,
	PB_ERR_INVAL = -1,       /* bad argument from the caller */
	PB_ERR_NOMEM = -2,       /* allocation failed / buffer too small */
	PB_ERR_IO = -3,          /* device or backend reported an I/O error */
	PB_ERR_CORRUPT = -4,     /* malformed on-disk / in-image data */
	PB_ERR_FORMAT = -5,      /* not this format (probe says no) */
	PB_ERR_UNSUPPORTED = -6, /* valid but a feature we do not implement */
	PB_ERR_NOTFOUND = -7,    /* no such file, entry, device, key */
	PB_ERR_NOTDIR = -8,
	PB_ERR_ISDIR = -9,
	PB_ERR_LOOP = -10,       /* symlink / source / cycle limit reached */
	PB_ERR_LIMIT = -11,      /* a size or count bound was exceeded */
	PB_ERR_TIMEOUT = -12,
	PB_ERR_ROFS = -13,       /* write to a read-only device */
	PB_ERR_TRUNCATED = -14,  /* input ended early */
	PB_ERR_PROTO = -15,      /* peer (backend, xenstore) broke the protocol */
};

/* Short name of a code: "corrupt data", "not found"... */
const char *pb_strerror(int code);

/* Record a formatted message as the last error and return code, so that
 * detection sites read:   return pb_error(PB_ERR_CORRUPT, "inode %u: ...", n); */
int pb_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The last message recorded (never NULL; "" if none). */
const char *pb_errmsg(void);

/* Clear the last message (e.g. before a probe loop, so a later report
 * does not show a stale message from a driver that merely said "not mine"). */
void pb_errclear(void);

#endif
