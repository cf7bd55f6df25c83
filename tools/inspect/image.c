/* Opening disk images for pvboot-inspect (see image.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/lib/err.h"
#include "tools/common/host_blockdev.h"
#include "tools/inspect/image.h"
#include "tools/inspect/sandbox.h"

int inspect_open(const char *spec, int argc, char **argv, struct inspect_disks *d)
{
	return inspect_open_mode(spec, argc, argv, HOST_OPEN_RO, d);
}

int inspect_open_mode(const char *spec, int argc, char **argv, enum host_open_mode mode,
		      struct inspect_disks *d)
{
	uint32_t ss = 512;
	char *copy = strdup(spec), *save = NULL;

	memset(d, 0, sizeof(*d));
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], "--sector-size") == 0)
			ss = (uint32_t)strtoul(argv[i + 1], NULL, 10);
	for (char *img = strtok_r(copy, ",", &save); img; img = strtok_r(NULL, ",", &save)) {
		if (d->count == INSPECT_MAX_DISKS) {
			fprintf(stderr, "pvboot-inspect: at most %d disks\n", INSPECT_MAX_DISKS);
			break;
		}
		int rc = host_blockdev_open_mode(img, ss, mode, &d->dev[d->count]);
		if (rc) {
			fprintf(stderr, "pvboot-inspect: %s\n", pb_errmsg());
			free(copy);
			inspect_close(d);
			return 1;
		}
		snprintf(d->dev[d->count].name, sizeof(d->dev[0].name), "hd%d", d->count);
		d->ptr[d->count] = &d->dev[d->count];
		d->count++;
	}
	free(copy);
	if (inspect_sandbox()) {
		inspect_close(d);
		return 1;
	}
	volset_scan(d->ptr, d->count, &d->vs);
	return 0;
}

void inspect_close(struct inspect_disks *d)
{
	volset_release(&d->vs);
	for (int i = 0; i < d->count; i++)
		host_blockdev_close(&d->dev[i]);
	d->count = 0;
}

struct vol_entry *inspect_volume(struct inspect_disks *d, const char *arg, const char **path)
{
	const char *colon = strchr(arg, ':');

	if (colon) {
		char name[64];
		size_t n = (size_t)(colon - arg);
		if (n >= sizeof(name))
			return NULL;
		memcpy(name, arg, n);
		name[n] = '\0';
		*path = colon + 1;
		return volset_by_name(&d->vs, name);
	}
	*path = arg;
	for (uint32_t i = 0; i < d->vs.count; i++)
		if (d->vs.v[i].fs)
			return &d->vs.v[i];
	/* None mounted: the first volume, so the caller can say why. */
	return d->vs.count ? &d->vs.v[0] : NULL;
}

void inspect_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}
