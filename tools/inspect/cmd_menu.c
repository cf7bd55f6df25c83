/* pvboot-inspect IMAGE[,IMAGE2...] menu [--json]: the menu the loader would
 * show for these disks: which configuration, every entry, the default and
 * why.  The text form is menu_print()'s, the same lines the loader prints
 * inside the guest. */
#include <stdio.h>
#include <string.h>

#include "loader/lib/err.h"
#include "menu/menu_load.h"
#include "menu/menu_print.h"
#include "tools/inspect/image.h"
#include "tools/inspect/inspect.h"

static void print_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("%s\n", line);
}

/* What save_env recorded: {"key":"value"} (null: deleted), written if an entry boots. */
static void json_saves(const struct menu_env_var *v, uint32_t n)
{
	printf("{");
	for (uint32_t i = 0; i < n; i++) {
		printf("%s", i ? "," : "");
		inspect_json_string(v[i].key);
		printf(":");
		if (v[i].unset)
			printf("null");
		else
			inspect_json_string(v[i].val);
	}
	printf("}");
}

static void json_entries(const struct menu *m)
{
	printf("{\"config\":");
	inspect_json_string(m->config_path);
	printf(",\"device\":\"%s\",\"timeout\":%d,\"default\":%d,\"default_reason\":", m->config_dev,
	       m->timeout, m->default_index);
	inspect_json_string(m->default_reason);
	printf(",\"entries\":[");
	for (uint32_t i = 0; i < m->count; i++) {
		const struct menu_entry *e = &m->entries[i];
		printf("%s{\"title\":", i ? "," : "");
		inspect_json_string(e->title);
		printf(",\"submenu\":");
		inspect_json_string(e->submenu);
		printf(",\"id\":");
		inspect_json_string(e->id);
		printf(",\"root\":");
		inspect_json_string(e->root);
		printf(",\"kernel\":");
		inspect_json_string(e->kernel);
		printf(",\"initrd\":[");
		for (uint32_t j = 0; j < e->nr_initrds; j++) {
			printf("%s", j ? "," : "");
			inspect_json_string(e->initrd[j]);
		}
		printf("],\"cmdline\":");
		inspect_json_string(e->cmdline);
		printf(",\"savedefault\":%s,\"saves\":", e->savedefault ? "true" : "false");
		json_saves(e->env, e->env_count);
		printf("}");
	}
	printf("],\"saves\":");
	json_saves(m->env, m->env_count);
	printf(",\"grubenv\":");
	inspect_json_string(m->env_path[0] ? m->env_path : "");
	printf(",\"warnings\":");
	inspect_json_string(m->warnings);
	printf("}\n");
}

static int run(const char *image, int argc, char **argv)
{
	struct inspect_disks d;
	struct menu m;
	int rc;

	if (inspect_open(image, argc, argv, &d))
		return INSPECT_EXIT_BAD_INPUT;
	if ((rc = menu_init(&m)) == PB_OK)
		rc = menu_load(&d.vs, &m);
	if (rc) {
		fprintf(stderr, "pvboot-inspect: %s: %s\n", pb_strerror(rc), pb_errmsg());
		menu_free(&m);
		inspect_close(&d);
		return INSPECT_EXIT_BAD_INPUT;
	}
	if (inspect_has_flag(argc, argv, "--json")) {
		json_entries(&m);
	} else {
		menu_print(&m, print_line, NULL);
		if (m.warnings[0])
			fprintf(stderr, "%s", m.warnings);
	}
	menu_free(&m);
	inspect_close(&d);
	return INSPECT_EXIT_OK;
}

static const struct inspect_cmd cmd_menu = { "menu", "the boot menu pvboot would show [--json]", true, run, false };
INSPECT_COMMAND(cmd_menu);
