/* The EFI console: SimpleTextOutput for output ("\n" becomes CR LF, bytes
 * become UCS-2), SimpleTextInput for keys.  The menu reads bytes as a
 * VT100 sends them, so EFI scan codes become ESC sequences here (OVMF's
 * serial terminal driver has already turned ESC [ A into SCAN_UP).  The
 * clock is the TSC, calibrated against BootServices->Stall once. */
#include "efi/efi_rt.h"
#include "loader/lib/libc.h"

static uint64_t tsc_per_ms, tsc0;
static EFI_EVENT timer;
static char pending[8]; /* the rest of an ESC sequence still to hand out */
static size_t npending, ipending;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void efi_console_init(void)
{
	uint64_t t = rdtsc();

	efi_bs->Stall(10000); /* 10 ms */
	tsc_per_ms = (rdtsc() - t) / 10;
	if (!tsc_per_ms)
		tsc_per_ms = 1;
	tsc0 = rdtsc();
	if (efi_bs->CreateEvent(EVT_TIMER, 0, NULL, NULL, &timer) != EFI_SUCCESS)
		timer = NULL;
}

static void con_write(void *ctx, const char *s, size_t len)
{
	CHAR16 buf[130];
	size_t n = 0;

	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			buf[n++] = '\r';
		buf[n++] = c < 0x80 ? c : (c >= 0xc0 ? '?' : 0); /* one '?' per UTF-8 sequence */
		if (!buf[n - 1])
			n--;
		if (n >= 127 || i + 1 == len) {
			buf[n] = 0;
			efi_st->ConOut->OutputString(efi_st->ConOut, buf);
			n = 0;
		}
	}
}

static void push(const char *seq)
{
	npending = strlen(seq);
	memcpy(pending, seq, npending);
	ipending = 0;
}

static int con_getc(void *ctx)
{
	EFI_INPUT_KEY k;

	(void)ctx;
	if (ipending < npending)
		return (unsigned char)pending[ipending++];
	if (efi_st->ConIn->ReadKeyStroke(efi_st->ConIn, &k) != EFI_SUCCESS)
		return -1;
	switch (k.ScanCode) {
	case 0:
		if (k.UnicodeChar == CHAR_BACKSPACE)
			return 0x7f;
		return k.UnicodeChar < 0x80 ? k.UnicodeChar : '?';
	case SCAN_UP: push("\033[A"); break;
	case SCAN_DOWN: push("\033[B"); break;
	case SCAN_RIGHT: push("\033[C"); break;
	case SCAN_LEFT: push("\033[D"); break;
	case SCAN_HOME: push("\033[H"); break;
	case SCAN_END: push("\033[F"); break;
	case SCAN_DELETE: push("\033[3~"); break;
	case SCAN_PAGE_UP: push("\033[5~"); break;
	case SCAN_PAGE_DOWN: push("\033[6~"); break;
	case SCAN_ESC: return 0x1b;
	default: return -1; /* function keys: nothing for the menu */
	}
	return (unsigned char)pending[ipending++];
}

static uint64_t con_now_ms(void *ctx)
{
	(void)ctx;
	return (rdtsc() - tsc0) / tsc_per_ms;
}

/* Until a key or ms, whichever comes first. */
static void con_idle(void *ctx, uint32_t ms)
{
	EFI_EVENT ev[2] = { efi_st->ConIn->WaitForKey, timer };
	UINTN idx;

	(void)ctx;
	if (ipending < npending)
		return;
	if (!timer || efi_bs->SetTimer(timer, TimerRelative, (UINT64)ms * 10000) != EFI_SUCCESS) {
		efi_bs->Stall((UINTN)PB_MIN(ms, 10u) * 1000);
		return;
	}
	efi_bs->WaitForEvent(2, ev, &idx);
	efi_bs->SetTimer(timer, TimerCancel, 0);
}

const struct menu_ui_ops efi_console = { NULL, con_getc, con_write, con_now_ms, con_idle };

void efi_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pb_vprintf_to(con_write, NULL, fmt, ap);
	va_end(ap);
}

void efi_to_ucs2(const char *s, CHAR16 *out, size_t out_units)
{
	size_t n = 0;

	for (; *s && n + 1 < out_units; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80)
			out[n++] = c;
		else if (c >= 0xc0)
			out[n++] = '?';
	}
	out[n] = 0;
}

const char *efi_status_str(EFI_STATUS s)
{
	static char buf[40];

	switch (s) {
	case EFI_SUCCESS: return "EFI_SUCCESS";
	case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
	case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
	case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
	case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
	case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
	case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
	case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
	case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
	case EFI_ABORTED: return "EFI_ABORTED";
	case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
	case EFI_MEDIA_CHANGED: return "EFI_MEDIA_CHANGED";
	case EFI_NO_MEDIA: return "EFI_NO_MEDIA";
	case EFI_ALREADY_STARTED: return "EFI_ALREADY_STARTED";
	default:
		pb_snprintf(buf, sizeof(buf), "status 0x%llx", (unsigned long long)s);
		return buf;
	}
}
