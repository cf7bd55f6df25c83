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

/* The menu speaks VT100 (menu/menu_ui.c: ESC [ H, ESC [ 2J, ESC [ K,
 * ESC [ 7m, ESC [ 0m); SimpleTextOutput has calls for each, and OVMF's
 * terminal driver turns them back into escapes on the serial line. */
static struct {
	int state; /* 0 text, 1 after ESC, 2 in CSI */
	char par[8];
	size_t npar;
} vt;

static void erase_eol(void)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *o = efi_st->ConOut;
	UINTN cols = 80, rows = 25;
	INT32 col = o->Mode->CursorColumn, row = o->Mode->CursorRow;
	CHAR16 sp[2] = { ' ', 0 };

	o->QueryMode(o, (UINTN)o->Mode->Mode, &cols, &rows);
	for (UINTN c = (UINTN)col; c + 1 < cols; c++)
		o->OutputString(o, sp);
	o->SetCursorPosition(o, (UINTN)col, (UINTN)row);
}

static void csi(char final)
{
	SIMPLE_TEXT_OUTPUT_INTERFACE *o = efi_st->ConOut;

	vt.par[vt.npar < sizeof(vt.par) ? vt.npar : sizeof(vt.par) - 1] = '\0';
	switch (final) {
	case 'J': o->ClearScreen(o); break;
	case 'H': o->SetCursorPosition(o, 0, 0); break;
	case 'K': erase_eol(); break;
	case 'm':
		o->SetAttribute(o, !strcmp(vt.par, "7") ? EFI_TEXT_ATTR(EFI_BLACK, EFI_LIGHTGRAY)
							 : EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK));
		break;
	default: break; /* nothing else is sent */
	}
}

static void con_write(void *ctx, const char *s, size_t len)
{
	CHAR16 buf[130];
	size_t n = 0;

	(void)ctx;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (vt.state || c == 0x1b) {
			if (n) { /* text before the sequence goes out first */
				buf[n] = 0;
				efi_st->ConOut->OutputString(efi_st->ConOut, buf);
				n = 0;
			}
			if (c == 0x1b) {
				vt.state = 1;
			} else if (vt.state == 1) {
				vt.state = c == '[' ? 2 : 0;
				vt.npar = 0;
			} else if ((c >= '0' && c <= '9') || c == ';') {
				if (vt.npar < sizeof(vt.par) - 1)
					vt.par[vt.npar++] = (char)c;
			} else {
				csi((char)c);
				vt.state = 0;
			}
			continue;
		}
		if (c == '\n')
			buf[n++] = '\r';
		if (c < 0x80)
			buf[n++] = c;
		else if (c >= 0xc0)
			buf[n++] = '?'; /* one '?' per UTF-8 sequence */
		if (n >= 127) {
			buf[n] = 0;
			efi_st->ConOut->OutputString(efi_st->ConOut, buf);
			n = 0;
		}
	}
	if (n) {
		buf[n] = 0;
		efi_st->ConOut->OutputString(efi_st->ConOut, buf);
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
