/* libFuzzer: GRUB-legacy menu.lst parsing. */
#include <stddef.h>
#include <stdint.h>

#include "menu/menulst.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct menu m;

	if (menu_init(&m))
		return 0;
	menulst_parse((const char *)data, size, "/boot/grub/menu.lst", "hd0", NULL, &m);
	menu_free(&m);
	return 0;
}
