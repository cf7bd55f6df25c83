/* libFuzzer: one BLS entry file read as blscfg reads it, its entry script
 * made in both GRUB flavors and parsed by the grub.cfg parser, its
 * expansion of the bytes as an options value, the glob of loader.conf's
 * `default` (first line as the pattern, the rest as the name), plus the
 * grubenv block parser on the same bytes (line-oriented key/value formats
 * all). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "menu/bls.h"
#include "menu/bls_menu.h"
#include "menu/grubcfg_ast.h"
#include "menu/grubenv.h"

static const char *getvar(void *ctx, const char *name)
{
	(void)ctx;
	switch (name[0]) {
	case 'k':
		return "root=/dev/xvda1 $kernelopts";
	case 't':
		return "/tuned.img";
	case 'e':
		return "ucode.img  a b";
	case 'd':
		return "$devicetree";
	case 's':
		return "true";
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bls_file f;
	static struct grubenv env;
	static char block[GRUBENV_SIZE], script[BLS_SCRIPT_MAX], out[MENU_CMDLINE_MAX];
	char *text;
	bool any;

	if (bls_parse_file((const char *)data, size, "fuzz", &f) == 0) {
		for (int fl = BLS_FLAVOR_CURRENT; fl <= BLS_FLAVOR_RHEL8; fl++) {
			struct gnode *tree;
			if (bls_entry_script(&f, (enum bls_flavor)fl, getvar, NULL, script, sizeof(script)) == 0 &&
			    grubcfg_parse(script, strlen(script), "fuzz.conf", &tree) == 0)
				grubcfg_free(tree);
		}
		(void)bls_title(&f);
	}
	bls_file_free(&f);
	if ((text = malloc(size + 1))) {
		memcpy(text, data, size);
		text[size] = '\0';
		bls_expand(text, getvar, NULL, out, sizeof(out), &any);
		char *nl = strchr(text, '\n');
		if (nl) {
			*nl = '\0';
			bls_glob_match(text, nl + 1);
			bls_vercmp(text, nl + 1);
		}
		free(text);
	}
	if (grubenv_parse((const char *)data, size, &env) == 0)
		grubenv_serialize(&env, block);
	return 0;
}
