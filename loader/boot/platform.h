/* The seam between the portable boot core and a front end (Xen PV, PVH,
 * EFI, the host's dry run).
 *
 * A front end brings its machine up (memory for the heap, console, time),
 * parses its own command line with opts_parse(), fills one struct
 * platform — tables only — and calls core_run().  The core does the rest:
 * banner, disks and volumes, the boot configuration, the menu, the entry
 * and its command line, the kernel and initrds, fallback entries, grubenv
 * write-back, and finally one of the platform's handoffs.  When core_run()
 * returns nothing was booted, and the front end shuts down (poweroff for
 * PB_OK, crash otherwise) in its own way.
 *
 * Memory is push-style: the front end gives the heap its RAM with
 * pb_heap_add_region() before core_run(); everything the core and the
 * handoffs allocate comes from there.
 */
#ifndef PVBOOT_LOADER_BOOT_PLATFORM_H
#define PVBOOT_LOADER_BOOT_PLATFORM_H

#include "fs/blockdev.h"
#include "loader/boot/opts.h"
#include "menu/menu_ui.h"

#define CORE_MAX_DISKS 64

struct plat_disks {
	void *ctx;
	/* Connect every disk into devs[0..max); a disk that fails to connect
	 * is reported by the platform (it knows why) and skipped.  An error
	 * return is reported by the core, which goes on with *count disks. */
	int (*probe)(void *ctx, struct blockdev **devs, int max, int *count);
	/* Banner detail after "disk NAME: N sectors of S bytes (M MiB)", e.g.
	 * ", 512 KiB per request (indirect descriptors)"; may be NULL. */
	void (*describe)(void *ctx, const struct blockdev *d, char *buf, size_t size);
	/* Let go of every disk so the next kernel finds them as new (Xen:
	 * Closing -> Closed -> Initialising).  Called once, right before
	 * handoff start, and when nothing was booted. */
	void (*release_all)(void *ctx);
};

/* What a handoff staged for one entry. */
struct handoff_plan {
	uint8_t *initrd;       /* where the core reads the initrd(s): initrd_len bytes */
	uint64_t initrd_len;
	uint64_t mem_bytes;    /* memory the kernel's start needs (region, tables...) */
	char summary[256];     /* "bzImage, xz, 28000 KiB unpacked; ..." for the console */
	void *priv;            /* the handoff's own state */
};

/* One way of starting a kernel.  Two steps, so that everything that can
 * fail on bad input fails while the menu is still there: prepare (may
 * fail; nothing is lost) and start (after the disks are released; it
 * cannot fail on input, only on broken invariants, and then stops the
 * machine with a message rather than jump anywhere). */
struct handoff_ops {
	const char *name;      /* "Xen PV" */
	size_t cmdline_max;    /* bytes, without the NUL (PV start_info: 1023) */
	uint64_t initrd_max;   /* all initrds together */
	/* NULL if it can boot entries of this kind, else why not (one line). */
	const char *(*refuses)(const struct menu_entry *e);
	/* kernel: the file as read (the core frees it afterwards).
	 * PB_ERR_FORMAT means "not mine": the core tries the next handoff. */
	int (*prepare)(const uint8_t *kernel, size_t len, uint64_t initrd_len, const char *cmdline,
		       struct handoff_plan *out);
	void (*abort)(struct handoff_plan *p);
	/* Does not return on a real platform; a dry run returns. */
	void (*start)(struct handoff_plan *p);
	/* start may come back on a real platform: the program it started
	 * (an EFI application, or a kernel's EFI stub that failed) returned.
	 * start cleans up after itself and sets the error message; the core
	 * then keeps the volumes mounted (release_all has only flushed the
	 * disks) and shows the menu again, without a countdown. */
	bool start_returns;
};

struct platform {
	const char *name;              /* "Xen PV" */
	const char *args;              /* the loader's own command line, as given (passed on when chaining) */
	const struct pvboot_opts *opts; /* args, parsed by the front end with opts_parse() */
	uint64_t ram_bytes;            /* the machine's memory, for the banner */
	const struct menu_ui_ops *con; /* console and clock; "\n" becomes CR LF in the platform */
	const struct plat_disks *disks;
	const struct handoff_ops *const *handoffs;  /* NULL-terminated, tried in order */
	/* Loaders installed in the guest that this platform can chain into,
	 * searched after menu.lst and before BLS entries; NULL-terminated. */
	const char *const *loader_paths;
	/* Nobody at the console (the host's dry run): once the fallback
	 * entries have failed, return instead of waiting in the menu. */
	bool batch;
};

/* Returns only when nothing was booted: PB_OK when that was the plan
 * (pvboot.noboot, or a dry run that reached its handoff), an error with
 * its message printed otherwise. */
int core_run(const struct platform *p);

void core_printf(const struct platform *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
