/* Booting one menu entry: find its kernel and initrd(s) on the volumes,
 * read the kernel, let the first handoff that takes it stage it, read the
 * initrds where the handoff wants them (several are concatenated, as GRUB
 * does with newc archives), write back what the configuration asked
 * grubenv to keep, let go of the disks and start.  Every failure before
 * the start returns an error with its message; the disks and the menu
 * are still usable. */
#include "loader/boot/core.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"
#include "menu/entry_file.h"
#include "menu/env_update.h"
#include "menu/menu_fsio.h"

#define KERNEL_FILE_MAX (256u << 20) /* a compressed kernel (or a loader) */
#define READ_CHUNK (64u << 20)

struct entry_file {
	struct fs *fs;
	struct fs_stat st;
	char name[MENU_DEV_MAX + MENU_PATH_MAX + 2]; /* "(hd0,msdos1)/boot/vmlinuz" */
};

static int open_file(struct core *c, const struct menu_entry *e, const char *spec, struct entry_file *f)
{
	char dev[MENU_DEV_MAX];
	const char *path;
	struct vol_entry *v;
	int rc = menu_entry_file(&c->m, e, spec, dev, sizeof(dev), &path);

	if (rc)
		return rc;
	pb_snprintf(f->name, sizeof(f->name), "(%s)%s", dev, path);
	v = volset_by_name(c->vs, dev);
	if (!v || !v->fs)
		return pb_error(PB_ERR_NOTFOUND, "%s: no filesystem on (%s)", spec, dev);
	f->fs = v->fs;
	if ((rc = fs_stat_regular(v->fs, path, &f->st)))
		return pb_error(rc, "%s: %s", f->name, pb_errmsg());
	return PB_OK;
}

/* The whole file into dst (exactly st.size bytes). */
static int read_into(const struct entry_file *f, uint8_t *dst)
{
	uint64_t off = 0;

	while (off < f->st.size) {
		size_t got, want = (size_t)PB_MIN(f->st.size - off, (uint64_t)READ_CHUNK);
		int rc = f->fs->ops->read(f->fs, f->st.ino, off, dst + off, want, &got);
		if (rc)
			return pb_error(rc, "%s: %s", f->name, pb_errmsg());
		if (!got)
			return pb_error(PB_ERR_TRUNCATED, "%s: file ended at %llu of %llu bytes", f->name,
					(unsigned long long)off, (unsigned long long)f->st.size);
		off += got;
	}
	return PB_OK;
}

static void print_file(const struct core *c, const char *what, const struct entry_file *f)
{
	core_printf(c->p, "pvboot: %s %s: %llu bytes\n", what, f->name, (unsigned long long)f->st.size);
}

/* The first handoff that can boot e, with its plan staged.  Errors of a
 * handoff's prepare name the kernel file; the limits are the entry's. */
static int stage(struct core *c, const struct menu_entry *e, const uint8_t *kernel, size_t len,
		 uint64_t initrd_len, const char *cmdline, const struct handoff_ops **used, struct handoff_plan *plan)
{
	int rc = pb_error(PB_ERR_UNSUPPORTED, "%s offers no handoff", c->p->name);
	bool prepared = false;

	for (const struct handoff_ops *const *h = c->p->handoffs; *h; h++) {
		const char *why = (*h)->refuses ? (*h)->refuses(e) : NULL;
		if (why) {
			rc = pb_error(PB_ERR_UNSUPPORTED, "%s", why);
			continue;
		}
		if (strlen(cmdline) > (*h)->cmdline_max) {
			rc = pb_error(PB_ERR_LIMIT, "kernel command line of %zu bytes: %s takes at most %zu",
				      strlen(cmdline), (*h)->name, (*h)->cmdline_max);
			continue;
		}
		if (initrd_len > (*h)->initrd_max) {
			rc = pb_error(PB_ERR_LIMIT, "initrds of %llu KiB: %s takes at most %llu KiB",
				      (unsigned long long)(initrd_len >> 10), (*h)->name,
				      (unsigned long long)((*h)->initrd_max >> 10));
			continue;
		}
		memset(plan, 0, sizeof(*plan));
		rc = (*h)->prepare(kernel, len, initrd_len, cmdline, plan);
		prepared = true;
		if (rc == PB_OK) {
			*used = *h;
			return PB_OK;
		}
		if (rc != PB_ERR_FORMAT)
			break; /* its kind, but broken: its message says why */
	}
	return prepared ? pb_error(rc, "%s: %s", e->kernel, pb_errmsg()) : rc;
}

/* Before reading anything: can any handoff boot this kind of entry? */
static int check_kind(const struct core *c, const struct menu_entry *e)
{
	const char *why = NULL;

	for (const struct handoff_ops *const *h = c->p->handoffs; *h; h++)
		if (!(*h)->refuses || !(why = (*h)->refuses(e)))
			return PB_OK;
	return pb_error(PB_ERR_UNSUPPORTED, "%s", why ? why : "this platform offers no handoff");
}

int core_boot_entry(struct core *c, int idx, const char *cmdline)
{
	const struct menu_entry *e = &c->m.entries[idx];
	static struct entry_file kf, inf[MENU_MAX_INITRDS];
	const struct handoff_ops *h = NULL;
	struct handoff_plan plan;
	uint64_t total = 0, t0 = c->p->con->now_ms(c->p->con->ctx);
	uint8_t *kernel;
	int rc;

	if ((rc = check_kind(c, e)))
		return rc;
	if (!e->kernel[0])
		return pb_error(PB_ERR_INVAL, "'%s' names no kernel", e->title);
	if ((rc = open_file(c, e, e->kernel, &kf)))
		return rc;
	print_file(c, "kernel", &kf);
	for (uint32_t i = 0; i < e->nr_initrds; i++) {
		if ((rc = open_file(c, e, e->initrd[i], &inf[i])))
			return rc;
		print_file(c, "initrd", &inf[i]);
		if (inf[i].st.size > UINT64_MAX / 2 - total)
			return pb_error(PB_ERR_LIMIT, "initrds too large");
		total += inf[i].st.size;
	}
	core_printf(c->p, "pvboot: command line: %s\n", cmdline);
	if (kf.st.size > KERNEL_FILE_MAX)
		return pb_error(PB_ERR_LIMIT, "%s: %llu MiB is not a kernel", kf.name,
				(unsigned long long)(kf.st.size >> 20));
	kernel = malloc(kf.st.size ? (size_t)kf.st.size : 1);
	if (!kernel)
		return pb_error(PB_ERR_NOMEM, "%s: no memory for %llu MiB", kf.name,
				(unsigned long long)(kf.st.size >> 20));
	rc = read_into(&kf, kernel);
	if (rc == PB_OK)
		rc = stage(c, e, kernel, (size_t)kf.st.size, total, cmdline, &h, &plan);
	free(kernel);
	if (rc)
		return rc;
	core_printf(c->p, "pvboot: handoff %s: %s; needs %llu MiB\n", h->name, plan.summary,
		    (unsigned long long)((plan.mem_bytes + (1u << 20) - 1) >> 20));
	uint64_t off = 0;
	for (uint32_t i = 0; i < e->nr_initrds; off += inf[i].st.size, i++)
		if ((rc = read_into(&inf[i], plan.initrd + off))) {
			h->abort(&plan);
			return rc;
		}
	core_printf(c->p, "pvboot: loaded in %llu ms (initrd %llu KiB)\n",
		    (unsigned long long)(c->p->con->now_ms(c->p->con->ctx) - t0), (unsigned long long)(total >> 10));
	/* Now that the entry will boot: what the config asked grubenv to keep. */
	struct menu_io io;
	bool written;
	menu_fsio_init(&io, c->vs);
	if (menu_env_update(&c->m, e, &io, &written))
		core_printf(c->p, "pvboot: not saving to grubenv: %s\n", pb_errmsg());
	else if (written)
		core_printf(c->p, "pvboot: saved to (%s)%s\n", c->m.env_dev, c->m.env_path);
	if (h->start_returns) {
		/* The volumes stay for the menu that follows if the program returns. */
		c->p->disks->release_all(c->p->disks->ctx);
		h->start(&plan);
		c->returned = true;
		return PB_ERR_IO; /* the message is start's */
	}
	volset_release(c->vs);
	c->p->disks->release_all(c->p->disks->ctx);
	c->released = true;
	h->start(&plan);
	return PB_OK; /* only a dry run gets here */
}
