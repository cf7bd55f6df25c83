/* The table of filesystem drivers, tried in order by fs_mount(). */
#include "fs/fs.h"
#include "loader/lib/err.h"

extern const struct fs_ops ext4_ops;
extern const struct fs_ops fat_ops;
extern const struct fs_ops iso9660_ops;
extern const struct fs_ops btrfs_ops;
extern const struct fs_ops xfs_ops;

const struct fs_ops *const fs_drivers[] = {
	&ext4_ops,
	&xfs_ops,
	&btrfs_ops,
	&fat_ops,
	&iso9660_ops,
	NULL,
};
const size_t fs_drivers_count = PB_ARRAY_SIZE(fs_drivers) - 1;

int fs_mount(const struct volume *vol, struct fs **out)
{
	return fs_mount_peers(vol, NULL, out);
}

int fs_mount_peers(const struct volume *vol, const struct fs_peers *peers, struct fs **out)
{
	for (size_t i = 0; i < fs_drivers_count; i++) {
		const struct fs_ops *d = fs_drivers[i];
		int rc = peers && d->mount_peers ? d->mount_peers(vol, peers, out) : d->mount(vol, out);
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
