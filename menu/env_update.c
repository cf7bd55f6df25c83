#include "menu/env_update.h"
#include "menu/grubenv.h"
#include "loader/lib/err.h"

void menu_chosen(const struct menu_entry *e, char *out, size_t size)
{
	const char *sub = e->submenu_id[0] ? e->submenu_id : e->submenu;
	const char *self = e->id[0] ? e->id : e->title;

	pb_snprintf(out, size, "%s%s%s", sub, sub[0] ? ">" : "", self);
}

static int apply(char *blk, const struct menu_env_var *v)
{
	return v->unset ? grubenv_block_unset(blk, GRUBENV_SIZE, v->key)
			: grubenv_block_set(blk, GRUBENV_SIZE, v->key, v->val);
}

int menu_env_update(const struct menu *m, const struct menu_entry *e, const struct menu_io *io,
		    bool *written)
{
	char chosen[MENU_PATH_MAX], *buf = NULL, *out = NULL;
	size_t len;
	bool save_default = e->savedefault && !m->boot_once;
	int rc;

	*written = false;
	if (!m->env_count && !e->env_count && !save_default)
		return PB_OK;
	if (!m->env_path[0])
		return pb_error(PB_ERR_NOTFOUND, "no grubenv to save to");
	if (!io->write_file)
		return pb_error(PB_ERR_ROFS, "(%s)%s: cannot be written here", m->env_dev, m->env_path);
	out = malloc(GRUBENV_SIZE);
	if (!out) {
		rc = pb_error(PB_ERR_NOMEM, "grubenv: out of memory");
		goto done;
	}
	if ((rc = io->read_file(io->ctx, m->env_dev, m->env_path, GRUBENV_SIZE, &buf, &len)))
		goto done;
	if (len != GRUBENV_SIZE) {
		rc = pb_error(PB_ERR_CORRUPT, "(%s)%s: %zu bytes, not %d: left alone", m->env_dev, m->env_path,
			      len, GRUBENV_SIZE);
		goto done;
	}
	/* Edited in place as GRUB's save_env edits it (comment lines such as
	 * grub2-editenv's warning stay): the menu's save_env first (GRUB ran
	 * them when it showed the menu), then the entry's (when it ran the
	 * entry), then savedefault's.  The edits check the block is one GRUB
	 * would edit (header, '#' padding after a newline). */
	memcpy(out, buf, GRUBENV_SIZE);
	for (uint32_t i = 0; i < m->env_count && rc == PB_OK; i++)
		rc = apply(out, &m->env[i]);
	for (uint32_t i = 0; i < e->env_count && rc == PB_OK; i++)
		rc = apply(out, &e->env[i]);
	if (rc == PB_OK && save_default) {
		menu_chosen(e, chosen, sizeof(chosen));
		rc = grubenv_block_set(out, GRUBENV_SIZE, "saved_entry", chosen);
	}
	/* Unchanged: do not touch the disk. */
	if (rc == PB_OK && memcmp(out, buf, GRUBENV_SIZE) != 0) {
		rc = io->write_file(io->ctx, m->env_dev, m->env_path, out, GRUBENV_SIZE);
		*written = rc == PB_OK;
	}
done:
	free(buf);
	free(out);
	return rc;
}
