/* libFuzzer: one BLS entry file, plus the grubenv block parser on the
 * same bytes (both are line-oriented key/value formats). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "menu/bls.h"
#include "menu/grubenv.h"

static const char *getvar(void *ctx, const char *name)
{
	(void)ctx;
	return name[0] == 'k' ? "root=/dev/xvda1 $kernelopts" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct menu_entry e;
	static struct grubenv env;
	static char block[GRUBENV_SIZE];

	bls_parse_entry((const char *)data, size, "fuzz", getvar, NULL, &e, NULL);
	if (grubenv_parse((const char *)data, size, &env) == 0)
		grubenv_serialize(&env, block);
	return 0;
}
