/* The table of filesystem drivers, tried in order by fs_mount(). */
#include "fs/fs.h"
#include "loader/lib/err.h"

extern const struct fs_ops ext4_ops;
extern const struct fs_ops xfs_ops;

const struct fs_ops *const fs_drivers[] = {
	&ext4_ops,
	&xfs_ops,
	NULL,
};
const size_t fs_drivers_count = PB_ARRAY_SIZE(fs_drivers) - 1;

int fs_mount(const struct volume *vol, struct fs **out)
{
	for (size_t i = 0; i < fs_drivers_count; i++) {
		int rc = fs_drivers[i]->mount(vol, out);
		if (rc != PB_ERR_FORMAT)
			return rc; /* mounted, or recognised but unusable */
	}
	return pb_error(PB_ERR_FORMAT, "no known filesystem");
}

void fs_unmount(struct fs *fs)
{
	if (fs)
		fs->ops->unmount(fs);
}
