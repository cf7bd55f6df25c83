/* Booting one menu entry: read its kernel and initrd(s) from the guest's
 * volumes, stage them, and hand off.  Every failure before the handoff
 * returns an error (the caller goes to the fallback entry or back to the
 * menu); the disks stay connected until the very end. */
#include "pv/boot.h"
#include "pv/blkfront.h"
#include "pv/handoff.h"
#include "pv/xen_rt.h"
#include "menu/entry_file.h"
#include "menu/env_update.h"
#include "menu/menu_fsio.h"
#include "loader/lib/err.h"
#include "loader/lib/heap.h"
#include "loader/kernel/kernel.h"

#define KERNEL_FILE_MAX (256u << 20) /* a compressed kernel (or a loader) */

static int open_file(struct volset *vs, const struct menu *m, const struct menu_entry *e,
		     const char *spec, struct fs **fs, struct fs_stat *st)
{
	char dev[MENU_DEV_MAX];
	const char *path;
	struct vol_entry *v;
	int rc = menu_entry_file(m, e, spec, dev, sizeof(dev), &path);

	if (rc)
		return rc;
	v = volset_by_name(vs, dev);
	if (!v || !v->fs)
		return pb_error(PB_ERR_NOTFOUND, "%s: no filesystem on (%s)", spec, dev);
	*fs = v->fs;
	if ((rc = fs_stat_regular(v->fs, path, st)))
		return pb_error(rc, "(%s)%s: %s", dev, path, pb_errmsg());
	return PB_OK;
}

/* Read a whole file into dst (exactly st->size bytes). */
static int read_into(struct fs *fs, const struct fs_stat *st, const char *name, uint8_t *dst)
{
	uint64_t off = 0;

	while (off < st->size) {
		size_t got, want = st->size - off > (64u << 20) ? (64u << 20) : (size_t)(st->size - off);
		int rc = fs->ops->read(fs, st->ino, off, dst + off, want, &got);
		if (rc)
			return pb_error(rc, "%s: %s", name, pb_errmsg());
		if (!got)
			return pb_error(PB_ERR_TRUNCATED, "%s: file ended at %llu of %llu bytes", name,
					(unsigned long long)off, (unsigned long long)st->size);
		off += got;
	}
	return PB_OK;
}

static int load_kernel(struct volset *vs, const struct menu *m, const struct menu_entry *e,
		       struct kernel_image *k, uint8_t **file)
{
	struct fs *fs;
	struct fs_stat st;
	size_t max_elf;
	int rc = open_file(vs, m, e, e->kernel, &fs, &st);

	if (rc)
		return rc;
	if (st.size > KERNEL_FILE_MAX)
		return pb_error(PB_ERR_LIMIT, "%s: %llu MiB is not a kernel", e->kernel,
				(unsigned long long)(st.size >> 20));
	*file = malloc(st.size ? st.size : 1);
	if (!*file)
		return pb_error(PB_ERR_NOMEM, "%s: no memory for %llu MiB", e->kernel,
				(unsigned long long)(st.size >> 20));
	if ((rc = read_into(fs, &st, e->kernel, *file)))
		goto fail;
	/* Leave room for the staged copy: the unpacked ELF may use half of
	 * what is free. */
	max_elf = pb_heap_free_bytes() / 2;
	if (max_elf > ELF_MAX_IMAGE)
		max_elf = ELF_MAX_IMAGE;
	if ((rc = kernel_open(*file, st.size, max_elf, k)))
		goto fail;
	return PB_OK;
fail:
	rc = pb_error(rc, "%s: %s", e->kernel, pb_errmsg());
	free(*file);
	*file = NULL;
	return rc;
}

int pv_boot_entry(struct volset *vs, const struct menu *m, int index, const char *cmdline)
{
	const struct menu_entry *e = &m->entries[index];
	struct kernel_image k;
	struct pv_handoff h;
	struct fs *ifs[MENU_MAX_INITRDS];
	struct fs_stat ist[MENU_MAX_INITRDS];
	uint64_t total = 0, t0 = xrt_time_ns();
	uint8_t *file = NULL;
	int rc;

	if (e->kind != MENU_LINUX && e->kind != MENU_PV_LOADER)
		return pb_error(PB_ERR_UNSUPPORTED, "'%s' is a %s entry: a PV guest boots Linux or a PV loader",
				e->title, e->kind == MENU_MULTIBOOT ? "multiboot" : "chainloader");
	if (!e->kernel[0])
		return pb_error(PB_ERR_INVAL, "'%s' names no kernel", e->title);
	for (uint32_t i = 0; i < e->nr_initrds; i++) {
		if ((rc = open_file(vs, m, e, e->initrd[i], &ifs[i], &ist[i])))
			return rc;
		if (ist[i].size > PV_REGION_MAX || total + ist[i].size > PV_REGION_MAX)
			return pb_error(PB_ERR_LIMIT, "initrds of more than %llu MiB",
					(unsigned long long)(PV_REGION_MAX >> 20));
		total += ist[i].size;
	}
	if ((rc = load_kernel(vs, m, e, &k, &file)))
		return rc;
	xrt_printf("pvboot: %s: %s, %s, %llu KiB unpacked\n", e->kernel, kernel_format_name(k.format),
		   decomp_name(k.comp), (unsigned long long)(k.elf_len >> 10));
	rc = pv_handoff_prepare(&k, total, cmdline, &h);
	kernel_close(&k);
	free(file);
	if (rc)
		return pb_error(rc, "%s: %s", e->kernel, pb_errmsg());
	/* Several initrds are concatenated, as GRUB does (newc archives). */
	uint64_t off = 0;
	for (uint32_t i = 0; i < e->nr_initrds; off += ist[i].size, i++)
		if ((rc = read_into(ifs[i], &ist[i], e->initrd[i], h.initrd + off))) {
			pv_handoff_abort(&h);
			return rc;
		}
	xrt_printf("pvboot: loaded in %llu ms (initrd %llu KiB)\n",
		   (unsigned long long)((xrt_time_ns() - t0) / 1000000), (unsigned long long)(total >> 10));
	/* Now that the entry will boot: what the config asked grubenv to keep. */
	struct menu_io io;
	bool written;
	menu_fsio_init(&io, vs);
	if (menu_env_update(m, e, &io, &written))
		xrt_printf("pvboot: not saving to grubenv: %s\n", pb_errmsg());
	else if (written)
		xrt_printf("pvboot: saved to (%s)%s\n", m->env_dev, m->env_path);
	volset_release(vs);
	blkfront_disconnect_all();
	pv_handoff_start(&h);
}
