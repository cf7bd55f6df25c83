/* Opening the disk images named on the command line as the loader would
 * see them: "IMG" or "IMG1,IMG2" (hd0, hd1), each scanned into one volset. */
#ifndef PVBOOT_TOOLS_INSPECT_IMAGE_H
#define PVBOOT_TOOLS_INSPECT_IMAGE_H

#include "fs/part.h"

#define INSPECT_MAX_DISKS 32

struct inspect_disks {
	int count;
	struct blockdev dev[INSPECT_MAX_DISKS];
	struct blockdev *ptr[INSPECT_MAX_DISKS];
	struct volset vs;
};

#include "tools/common/host_blockdev.h"

/* Opens (read-only, or read-write for commands that write), confines the
 * process (sandbox.h), then scans: no image byte is parsed before the
 * sandbox is on.  Prints the error itself and returns nonzero on failure.
 * --sector-size N in argv selects the logical sector size. */
int inspect_open(const char *spec, int argc, char **argv, struct inspect_disks *d);
int inspect_open_mode(const char *spec, int argc, char **argv, enum host_open_mode mode,
		      struct inspect_disks *d);
void inspect_close(struct inspect_disks *d);

/* "[PART:]PATH": the volume (default: the first with a filesystem) and path. */
struct vol_entry *inspect_volume(struct inspect_disks *d, const char *arg, const char **path);

void inspect_json_string(const char *s);

#endif
